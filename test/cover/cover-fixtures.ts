import { deliverySite, type DeliverySite, episodeInCommunity, type PeerWorkerAccount } from '../support/builders';
import { recruitPeerWorker } from '../support/builders';
import type { TestApp } from '../support/test-app';

export { londonDate } from '../support/builders';

/** A ready peer worker (recruited, trained, checked, inducted, active or in the reserve pool) as a delivery account. */
export async function readyPeerWorker(
  t: TestApp,
  site: DeliverySite,
  displayName: string,
  as: 'active' | 'reserve' = 'active',
): Promise<PeerWorkerAccount> {
  const worker = await recruitPeerWorker(t, site.coordinator.token, site.siteId, as, displayName);
  return { peerWorkerId: worker.id, user: worker.user };
}

export interface CoverTeam {
  site: DeliverySite;
  regular: PeerWorkerAccount;
  colleague: PeerWorkerAccount;
  reserve: PeerWorkerAccount;
}

/** A site with a regular peer worker, a colleague in the team and a reserve, all ready. */
export async function coverTeam(t: TestApp, name: string): Promise<CoverTeam> {
  const site = await deliverySite(t, name);
  const regular = await readyPeerWorker(t, site, 'Sam Okafor');
  const colleague = await readyPeerWorker(t, site, 'Rae Lin');
  const reserve = await readyPeerWorker(t, site, 'Kim Adeyemi', 'reserve');
  return { site, regular, colleague, reserve };
}

/** An episode in the community with the regular peer worker, its plan generated at discharge. */
export function communityEpisode(
  t: TestApp,
  team: CoverTeam,
  peer: PeerWorkerAccount = team.regular,
  daysAgo = 2,
): Promise<string> {
  return episodeInCommunity(t, team.site, peer, daysAgo);
}

export interface ContactRow {
  id: string;
  due_on: string;
  owner_peer_worker_id: string | null;
  status: string;
}

export const contactsOf = (t: TestApp, episodeId: string): Promise<ContactRow[]> =>
  t.dataSource.query(
    `SELECT id, to_char(due_on, 'YYYY-MM-DD') AS due_on, owner_peer_worker_id, status FROM planned_contacts WHERE episode_id = $1 ORDER BY sequence`,
    [episodeId],
  );
