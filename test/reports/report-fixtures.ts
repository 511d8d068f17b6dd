import {
  deliverySite,
  DeliverySite,
  episodeInCommunity,
  heldDetails,
  hoursFromNow,
  londonDate,
  PeerWorkerAccount,
} from '../support/builders';
import { recruitPeerWorker } from '../support/builders';
import type { TestApp } from '../support/test-app';

/** A London date `days` from today (builders' londonDate, by the name the report tests read best with). */
export const day = (days: number): string => londonDate(days);

/** A site with a ward, coordinator and ward staff, and an active peer worker recruited and trained through the API. */
export async function reportingSite(
  t: TestApp,
  name = 'North Riverside',
): Promise<{ site: DeliverySite; peer: PeerWorkerAccount }> {
  const site = await deliverySite(t, name);
  const worker = await recruitPeerWorker(t, site.coordinator.token, site.siteId, 'active', `Peer of ${name}`);
  return { site, peer: { peerWorkerId: worker.id, user: worker.user } };
}

/** A community meeting held `daysAgo` days ago (at the current time of day, an hour long). */
export async function holdCommunityMeeting(
  t: TestApp,
  peer: PeerWorkerAccount,
  episodeId: string,
  daysAgo: number,
  extra: Record<string, unknown> = {},
) {
  const at = hoursFromNow(-24 * daysAgo);
  return t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
    token: peer.user.token,
    body: {
      mode: 'face_to_face',
      setting: 'community_venue',
      plannedStartAt: at,
      plannedDurationMinutes: 60,
      status: 'held',
      held: heldDetails(-24 * daysAgo, { loneWorkingExemptionReason: 'Met at the day centre with staff on site' }),
      ...extra,
    },
  });
}

export { episodeInCommunity };
