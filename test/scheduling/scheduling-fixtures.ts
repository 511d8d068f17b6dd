import type { Actor } from '../../src/common/auth/actor';
import { Role } from '../../src/common/auth/role';
import { SupportEpisodesService } from '../../src/episodes/support-episodes.service';
import { episodeAwaitingPairing, londonDate } from '../support/builders';
import type { TestApp, TestUser } from '../support/test-app';

export const todayInLondon = (): string => londonDate();

/** A site with a coordinator and a peer worker who signs in. */
export async function siteWithTeam(t: TestApp, settings: Record<string, unknown> = {}) {
  const siteId = await t.createSite('North Riverside', settings);
  const coordinator = await t.createUser([Role.Coordinator], [siteId]);
  const peerWorkerUser = await t.createUser([Role.PeerWorker], [siteId]);
  const [{ id: peerWorkerId }] = await t.dataSource.query(
    `INSERT INTO peer_workers (site_id, user_id, display_name, status) VALUES ($1, $2, 'Sam Peer', 'active') RETURNING id`,
    [siteId, peerWorkerUser.id],
  );
  const asCoordinator: Actor = {
    kind: 'user',
    id: coordinator.id,
    roles: [Role.Coordinator],
    siteIds: [siteId],
    requestId: 'test',
  };
  return { siteId, coordinator, peerWorkerUser, peerWorkerId: peerWorkerId as string, asCoordinator };
}

/** A paired episode on the ward, ready to be discharged (pairing is driven through the service, as later areas will). */
export async function episodeOnWard(
  t: TestApp,
  team: { siteId: string; coordinator: TestUser; peerWorkerId: string; asCoordinator: Actor },
): Promise<string> {
  const episodes = t.app.get(SupportEpisodesService);
  const { episodeId } = await episodeAwaitingPairing(t, team.coordinator.token, team.siteId);
  await episodes.transition(team.asCoordinator, episodeId, 'paired', {
    peerWorkerId: team.peerWorkerId,
    reason: 'Paired',
  });
  await episodes.transition(team.asCoordinator, episodeId, 'ward_support', {
    firstWardMeetingAt: new Date(),
    reason: 'First ward meeting',
  });
  return episodeId;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 20000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
