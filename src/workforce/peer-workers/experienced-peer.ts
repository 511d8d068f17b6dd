import type { PeerWorker } from './entities/peer-worker.entity';
import { PeerWorkerStatus } from './peer-worker-status';

/** Peer workers who have been through ENRICH training and appointment themselves. */
export const EXPERIENCED_STATUSES: readonly PeerWorkerStatus[] = [
  PeerWorkerStatus.Appointed,
  PeerWorkerStatus.Reserve,
  PeerWorkerStatus.Active,
  PeerWorkerStatus.Inactive,
];

/**
 * Whether a peer worker record may co-deliver training or a team preparation workshop as an experienced peer
 * (handbook 7, 10): appointed here, or with prior peer work verified by the coordinator — how the first cohort
 * of a new site is trained. Never a leaver.
 */
export function isExperiencedPeer(worker: Pick<PeerWorker, 'status' | 'experiencedPeerVerifiedOn'>): boolean {
  if (worker.status === PeerWorkerStatus.Left) return false;
  return EXPERIENCED_STATUSES.includes(worker.status) || worker.experiencedPeerVerifiedOn !== null;
}
