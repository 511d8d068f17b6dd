import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, canActOnSite, hasRole, isAdmin } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { RecordNotFoundError } from '../common/errors/domain-errors';
import type { SupportEpisode } from '../episodes/entities/support-episode.entity';
import { SupportEpisodesService } from '../episodes/support-episodes.service';
import { PairingService } from '../pairing/pairing.service';
import { ServiceUserScopes } from '../service-users/service-user-scope.service';
import { PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { DeliveryEpisode, DeliveryRepository } from './delivery.repository';
import { HandoverGate } from './handover-gate';

/** The caller's own peer worker record, as delivery needs it (who they are, to compare with a meeting's or visit's). */
export interface OwnPeerWorker {
  id: string;
}

/** An episode the caller may work on, with what the caller is to it. */
export interface EpisodeInScope {
  episode: DeliveryEpisode;
  /** The caller's own peer worker record, when they are a peer worker (null otherwise). */
  ownPeerWorker: OwnPeerWorker | null;
  /** Admin, or the coordinator of the episode's site. */
  coordinates: boolean;
}

/**
 * Who may do what in delivery. Peer workers reach an episode through the pairing history (primary and cover
 * rows), read in one place: isSupportingPeerWorker. Everyone else goes through the service-user scope (site, ward).
 */
@Injectable()
export class DeliveryAccess {
  constructor(
    private readonly delivery: DeliveryRepository,
    private readonly episodes: SupportEpisodesService,
    private readonly peerWorkers: PeerWorkersService,
    private readonly scopes: ServiceUserScopes,
    private readonly audit: AuditService,
    private readonly pairing: PairingService,
    private readonly handoverGate: HandoverGate,
  ) {}

  /** Whether `peerWorkerId` supports the episode at `at`: a primary or cover pairing covering that instant. */
  isSupportingPeerWorker(
    episode: Pick<DeliveryEpisode, 'id'>,
    peerWorkerId: string,
    at: Date,
    manager?: EntityManager,
  ): Promise<boolean> {
    return this.pairing.supportsAt(episode.id, peerWorkerId, at, manager);
  }

  /** Whether the peer worker may meet the service user as far as handovers go (true when no cover applies). */
  async handoverAcknowledged(episodeId: string, peerWorkerId: string, manager?: EntityManager): Promise<boolean> {
    return this.handoverGate.handoverAcknowledged(episodeId, peerWorkerId, manager);
  }

  /** Admin, or a coordinator of the site. */
  coordinates(actor: Actor, siteId: string): boolean {
    return isAdmin(actor) || (hasRole(actor, Role.Coordinator) && canActOnSite(actor, siteId));
  }

  /** The peer worker record linked to the caller's user account, if they are a peer worker. */
  async ownPeerWorker(actor: Actor, manager?: EntityManager): Promise<OwnPeerWorker | null> {
    if (actor.kind !== 'user' || !hasRole(actor, Role.PeerWorker)) return null;
    const worker = await this.peerWorkers.findByUserId(actor.id, manager);
    return worker ? { id: worker.id } : null;
  }

  /**
   * The episode if the caller may see it: through the service-user scope (admin, the site's coordinator
   * or integration client, ward staff of the service user's ward) or as the peer worker supporting it now.
   * Otherwise 404, audited as denied, so existence does not leak.
   */
  async episodeInScope(
    actor: Actor,
    episodeId: string,
    action: string,
    lockIn?: EntityManager,
  ): Promise<EpisodeInScope> {
    // One read: the episode with its service user's site and ward (all the scope needs of them). With `lockIn`,
    // the episode row is locked in the caller's transaction, so a write need not read it a second time.
    const found = await this.delivery.episodeInPlace(episodeId, lockIn !== undefined, lockIn);
    const ownPeerWorker = await this.ownPeerWorker(actor, lockIn);
    if (found) {
      const { episode, serviceUser } = found;
      const viaScope = ServiceUserScopes.coversEpisode(await this.scopes.of(actor, lockIn), episode.id, serviceUser);
      const asPeer =
        !viaScope &&
        ownPeerWorker !== null &&
        (await this.isSupportingPeerWorker(episode, ownPeerWorker.id, new Date(), lockIn));
      if (viaScope || asPeer) return { episode, ownPeerWorker, coordinates: this.coordinates(actor, episode.siteId) };
    }
    await this.audit.record({
      actor,
      action,
      resourceType: 'support_episode',
      resourceId: episodeId,
      serviceUserId: found?.episode.serviceUserId ?? null,
      outcome: 'denied',
    });
    throw new RecordNotFoundError('Support episode', episodeId);
  }

  /** The episode row locked for the rest of the transaction, so rules and the move read one state. */
  lockEpisode(manager: EntityManager, episodeId: string): Promise<SupportEpisode> {
    return this.episodes.findForArea(episodeId, manager, true);
  }
}
