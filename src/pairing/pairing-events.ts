import type { SupportEpisode } from '../episodes/entities/support-episode.entity';

/** What a pairing or re-pairing of `episode` (as it was before it) publishes: the `episode.paired` outbox row. */
export function episodePairedOutboxEvent(
  episode: Pick<SupportEpisode, 'id' | 'serviceUserId' | 'siteId'>,
  pairing: { peerWorkerId: string; previousPeerWorkerId: string | null; repairing: boolean; pairedAt: Date },
) {
  return {
    type: 'episode.paired',
    aggregateType: 'support_episode',
    aggregateId: episode.id,
    payload: {
      episodeId: episode.id,
      serviceUserId: episode.serviceUserId,
      siteId: episode.siteId,
      peerWorkerId: pairing.peerWorkerId,
      previousPeerWorkerId: pairing.previousPeerWorkerId,
      repairing: pairing.repairing,
      pairedAt: pairing.pairedAt.toISOString(),
    },
  };
}
