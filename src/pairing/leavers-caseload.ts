import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { AttentionService } from '../attention/attention.service';
import type { Actor } from '../common/auth/actor';
import type { PeerWorkerStatusChanged } from '../common/events/domain-event-map';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator';
import { SupportEpisodesService } from '../episodes/support-episodes.service';
import { PeerWorkerStatus } from '../workforce/peer-workers/peer-worker-status';
import { Pairing } from './entities/pairing.entity';
import { pairingEndsAt } from './pairing-rules';

/**
 * A peer worker who leaves hands back their caseload in the same step (handbook 15): every pairing they
 * hold ends now — so they can no longer record or plan meetings for those service users — and every open
 * episode they held goes on the coordinator's attention queue until it is re-paired or covered.
 */
@Injectable()
export class LeaversCaseload {
  constructor(
    private readonly episodes: SupportEpisodesService,
    private readonly attention: AttentionService,
  ) {}

  @OnDomainEvent('peer_worker.status_changed', { order: 10 })
  async releaseCaseloadOfLeaver(
    manager: EntityManager,
    actor: Actor,
    { peerWorker, to, reason }: PeerWorkerStatusChanged,
  ): Promise<void> {
    if (to !== PeerWorkerStatus.Left) return;
    const now = new Date();
    const held = await manager.find(Pairing, {
      where: { peerWorkerId: peerWorker.id, endedAt: IsNull() },
      order: { startedAt: 'ASC' },
    });
    for (const pairing of held) {
      // A cover confirmed ahead and not yet begun closes at its own start.
      await manager.update(
        Pairing,
        { id: pairing.id },
        { endedAt: pairingEndsAt(pairing, now), endedById: actor.id, endReason: `Peer worker left: ${reason}` },
      );
      const episode = await this.episodes.findForArea(pairing.episodeId, manager);
      if (episode.state === 'ended') continue;
      await this.attention.open(manager, actor, {
        siteId: episode.siteId,
        episodeId: episode.id,
        serviceUserId: episode.serviceUserId,
        kind: 'peer_worker_left',
        summary:
          pairing.kind === 'primary'
            ? `${peerWorker.displayName} left: re-pair or cover this service user`
            : `${peerWorker.displayName}, covering, left: arrange cover again`,
        details: { peerWorkerId: peerWorker.id, pairingKind: pairing.kind, leftAt: now.toISOString(), reason },
      });
    }
  }
}
