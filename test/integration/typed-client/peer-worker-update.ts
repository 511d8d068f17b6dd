/**
 * What an integrator writes with the committed typed client; compiled under `tsc --strict` by
 * typed-client-strict.e2e-spec.ts (and by the project's own typecheck). Never run.
 */
import { createEnrichClient, type components } from '../../../client';

type UpdatePeerWorkerRequest = components['schemas']['UpdatePeerWorkerRequest'];

export async function recordPeerWorkerDetails(
  baseUrl: string,
  token: string,
  peerWorkerId: string,
  userId: string,
): Promise<string | null | undefined> {
  const api = createEnrichClient({ baseUrl, accessToken: () => token });
  // The nullable fields take their own type or null (not `Record<string, never>`).
  const body: UpdatePeerWorkerRequest = {
    gender: 'woman',
    dateOfBirth: '1984-03-17',
    userId,
    email: null,
    workingPattern: null,
  };
  const { data } = await api.PATCH('/api/v1/peer-workers/{id}', { params: { path: { id: peerWorkerId } }, body });
  const token2 = await api.POST('/api/v1/auth/token', {
    body: { grant_type: 'client_credentials', scope: 'system/*.read' },
  });
  void token2.data?.access_token;
  return data?.gender;
}
