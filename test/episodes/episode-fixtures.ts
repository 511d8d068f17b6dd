// Moved to test/support/builders.ts; this re-export only keeps branches written before the move compiling. Import builders.
import { peerWorkerAccount } from '../support/builders';
import type { TestApp } from '../support/test-app';

export {
  episodeInWardSupport,
  nhsNumber as nextNhsNumber,
  referralBody,
  registerServiceUser,
  type ServiceUserOptions,
} from '../support/builders';

/** Use `peerWorkerAccount(t, { siteId, coordinator }, { acknowledged: false, days })` from builders. */
export const peerWorkerWithAccount = (t: TestApp, coordinatorToken: string, siteId: string, days?: string[]) =>
  peerWorkerAccount(
    t,
    { siteId, coordinator: { id: '', email: '', token: coordinatorToken } },
    { acknowledged: false, days },
  );
