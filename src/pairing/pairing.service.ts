import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AttentionService } from '../attention/attention.service';
import { AuditService } from '../audit/audit.service';
import { type Actor, canActOnSite } from '../common/auth/actor';
import { ConflictError, RecordNotFoundError, UnprocessableError } from '../common/errors/domain-errors';
import type { EpisodeMoved } from '../common/events/domain-event-map';
import { DomainEvents } from '../common/events/domain-events.service';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator';
import type { SupportEpisode } from '../episodes/entities/support-episode.entity';
import { inCommunity } from '../episodes/support-episode.state-machine';
import { REPAIRABLE_STATES, SupportEpisodesService } from '../episodes/support-episodes.service';
import { SitesService } from '../sites/sites.service';
import type { PeerWorker } from '../workforce/peer-workers/entities/peer-worker.entity';
import { PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { ReadinessService } from '../workforce/readiness/readiness.service';
import { Pairing, type PairingKind } from './entities/pairing.entity';
import { expectedStartWindow } from './pairing-candidates';
import { episodePairedOutboxEvent } from './pairing-events';
import { PairingSuggestionsService, type SuggestOptions, type Suggestions } from './pairing-suggestions.service';
import {
  assertUnderCaseloadCap,
  assertWorkerOnEpisodeSite,
  assertWorkerReady,
  overrideOfBreaches,
  type PairingOverride,
  pairingEndsAt,
  todayInLondon,
} from './pairing-rules';
import { PairingRepository } from './pairing.repository';
import type { AvailabilityWindow } from './peer-worker-availability';
import type { HardRuleBreach } from './rank-peer-workers';

export type { SuggestOptions, Suggestions } from './pairing-suggestions.service';
export { PairingRefusedError } from './pairing-rules';

export interface PairResult {
  episode: SupportEpisode;
  pairing: Pairing;
  previousPeerWorkerId: string | null;
}

/**
 * Pairing (handbook 12.2): the pairing itself (guarded, history-keeping, safe under concurrency), absence
 * cover's cover pairings, and the pairing history that delivery's rules and record-level access rest on.
 * Suggestions and the hard rules are PairingSuggestionsService; caseloads are CaseloadService. Other areas call
 * this service (suggest and hardRuleBreachesFor pass through to PairingSuggestionsService).
 */
@Injectable()
export class PairingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly episodes: SupportEpisodesService,
    private readonly peerWorkers: PeerWorkersService,
    private readonly readiness: ReadinessService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly attention: AttentionService,
    private readonly suggestions: PairingSuggestionsService,
    private readonly pairings: PairingRepository,
  ) {}

  /**
   * An ended episode closes its pairings, so the history shows when support stopped. A cover pairing confirmed
   * ahead for a later absence closes at its own start (as endCover does): it never began.
   */
  @OnDomainEvent('episode.moved', { order: 10 })
  async closePairingsOfEndedEpisode(
    manager: EntityManager,
    actor: Actor,
    { episode, to, reason }: EpisodeMoved,
  ): Promise<void> {
    if (to !== 'ended') return;
    await manager.update(
      Pairing,
      { episodeId: episode.id, endedAt: IsNull() },
      {
        endedAt: () => 'GREATEST(now(), "started_at")',
        endedById: actor.id,
        endReason: reason ?? `episode ended (${episode.endingReason ?? 'no reason given'})`,
      },
    );
  }

  /**
   * Whether the peer worker supports the episode at `at`: a primary or cover pairing whose period contains
   * that instant. Delivery's rules (who may record a meeting, write a plan) rest on it.
   */
  async supportsAt(
    episodeId: string,
    peerWorkerId: string,
    at: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    return this.pairings.supportsAt(episodeId, peerWorkerId, at, manager);
  }

  /** PairingSuggestionsService.suggest, for other areas (absence cover looks for cover through pairing's service). */
  suggest(episodeId: string, options: SuggestOptions = {}): Promise<Suggestions> {
    return this.suggestions.suggest(episodeId, options);
  }

  /**
   * POST …/pair: pair the episode with a peer worker, or re-pair it (with a reason) without a state
   * change. The peer worker's row is locked before their caseload is counted, so concurrent pairings
   * of the same peer worker queue up and can never exceed the cap. Lock order: peer worker, then episode.
   */
  async pair(
    actor: Actor,
    episodeId: string,
    peerWorkerId: string,
    reason?: string,
    overrideReason?: string,
  ): Promise<PairResult> {
    const visible = await this.episodes.findVisible(actor, episodeId, 'support_episode.pair');
    this.assertActsOnSite(actor, visible);
    const worker = await this.assertPairable(visible, peerWorkerId);
    // Read before the transaction: nothing inside it may need a second pool connection while it holds the lock.
    const settings = await this.sites.settingsOf(visible.siteId);
    const breaches = await this.suggestions.hardRuleBreachesOf(
      visible,
      worker,
      expectedStartWindow(settings.pairingAvailabilityWindowDays, todayInLondon()),
    );
    const override = overrideOfBreaches(breaches, overrideReason);
    return this.dataSource.transaction((manager) =>
      this.pairWithin(manager, actor, episodeId, worker.id, settings.caseloadCap, reason, override),
    );
  }

  /** PairingSuggestionsService.hardRuleBreachesFor, for absence cover's permanent re-pairing (no override there). */
  hardRuleBreachesFor(episodeId: string, peerWorkerId: string, window?: AvailabilityWindow): Promise<HardRuleBreach[]> {
    return this.suggestions.hardRuleBreachesFor(episodeId, peerWorkerId, window);
  }

  /**
   * The peer worker exists, works on the episode's site and is ready (readiness read outside any
   * transaction). Absence cover re-pairs through this and pairWithin.
   */
  async assertPairable(episode: Pick<SupportEpisode, 'siteId'>, peerWorkerId: string): Promise<PeerWorker> {
    const worker = await this.peerWorkers.findById(peerWorkerId).catch((error: unknown) => {
      if (error instanceof RecordNotFoundError) return null;
      throw error;
    });
    if (!worker) throw new UnprocessableError('peerWorkerId names no peer worker', 'peerWorkerId');
    assertWorkerOnEpisodeSite(worker, episode);
    assertWorkerReady(await this.readiness.readinessOf(worker));
    return worker;
  }

  /**
   * Pair (or re-pair) inside the caller's transaction, after assertPairable. The peer worker's row is
   * locked before their caseload is counted. Lock order: peer worker, then episode.
   */
  async pairWithin(
    manager: EntityManager,
    actor: Actor,
    episodeId: string,
    peerWorkerId: string,
    caseloadCap: number,
    reason?: string,
    override?: PairingOverride,
  ): Promise<PairResult> {
    await this.peerWorkers.lockForUpdate(manager, peerWorkerId);
    const episode = await this.episodes.lock(manager, episodeId);
    if (episode.peerWorkerId === peerWorkerId) {
      throw new ConflictError(
        'The episode is already paired with this peer worker',
        'already_paired_with_this_peer_worker',
      );
    }
    const held = await this.assertUnderCap(manager, peerWorkerId, caseloadCap);
    const now = new Date();
    const previousPeerWorkerId = episode.peerWorkerId;
    const repairing = (REPAIRABLE_STATES as readonly string[]).includes(episode.state);
    let saved: SupportEpisode;
    if (repairing) {
      if (!reason) throw new UnprocessableError('Re-pairing needs a reason', 'reason');
      await manager.update(
        Pairing,
        { episodeId, kind: 'primary', endedAt: IsNull() },
        { endedAt: now, endedById: actor.id, endReason: reason },
      );
      // A colleague covering who becomes the primary stops being cover.
      await manager.update(
        Pairing,
        { episodeId, peerWorkerId, kind: 'cover', endedAt: IsNull() },
        { endedAt: now, endedById: actor.id, endReason: `Now the primary: ${reason}` },
      );
      saved = await this.episodes.replacePeerWorker(manager, actor, episodeId, peerWorkerId, reason);
    } else {
      // awaiting_pairing → paired, or straight to community support (its plan and first-meeting reminder from
      // the real discharge date) for someone discharged before pairing; any other state is refused, naming the rule.
      const discharged = inCommunity(episode);
      saved = await this.episodes.transition(
        actor,
        episodeId,
        discharged ? 'community_support' : 'paired',
        {
          peerWorkerId,
          reason: reason ?? (discharged ? `Paired after discharge on ${episode.dischargedOn}` : 'Paired'),
        },
        manager,
      );
    }
    const pairing = await manager.save(
      manager.create(Pairing, {
        episodeId,
        peerWorkerId,
        kind: 'primary',
        startedAt: now,
        endedAt: null,
        reason: reason ?? null,
        endReason: null,
        startedById: actor.id,
        endedById: null,
        overriddenRules: override?.rules ?? [],
        overrideReason: override?.reason ?? null,
      }),
    );
    await this.audit.record(
      {
        actor,
        action: 'pairing.create',
        resourceType: 'support_episode',
        resourceId: episodeId,
        serviceUserId: episode.serviceUserId,
        details: {
          peerWorkerId,
          previousPeerWorkerId,
          repairing,
          caseloadBefore: held,
          caseloadCap,
          ...(override ? { overriddenRules: override.rules, overrideReason: override.reason } : {}),
        },
      },
      manager,
    );
    await this.events.emit(
      manager,
      actor,
      'pairing.changed',
      { episode: saved, peerWorkerId, previousPeerWorkerId, repairing },
      { outbox: [episodePairedOutboxEvent(episode, { peerWorkerId, previousPeerWorkerId, repairing, pairedAt: now })] },
    );
    // A pairing mends what left the episode without a peer worker (a leaver, an absence without cover, a discharge before pairing).
    await this.attention.resolveFor(
      manager,
      actor,
      episodeId,
      ['peer_worker_left', 'urgent_pairing', 'absence_without_cover'],
      `Paired with peer worker ${peerWorkerId}`,
    );
    if (override) {
      await this.audit.record(
        {
          actor,
          action: 'pairing.override',
          resourceType: 'support_episode',
          resourceId: episodeId,
          serviceUserId: episode.serviceUserId,
          details: { peerWorkerId, overriddenRules: override.rules, reason: override.reason },
        },
        manager,
      );
    }
    return { episode: saved, pairing, previousPeerWorkerId };
  }

  /**
   * Absence cover: a cover pairing of `peerWorkerId` on the episode from `startsAt` until ended, inside
   * the caller's transaction, under the same caseload cap and lock order as pairing. The covering worker
   * gets the access the regular one has, for that period only (supportsAt, PairingHistoryReads.pairedRecordsOf).
   */
  async startCover(
    manager: EntityManager,
    actor: Actor,
    episodeId: string,
    peerWorkerId: string,
    startsAt: Date,
    caseloadCap: number,
    reason: string,
  ): Promise<Pairing> {
    await this.peerWorkers.lockForUpdate(manager, peerWorkerId);
    const episode = await this.episodes.lock(manager, episodeId);
    if (episode.state === 'ended') throw new ConflictError('The support episode has ended', 'episode_open');
    if (await this.holdsOpenPairing(episodeId, peerWorkerId, undefined, manager))
      throw new ConflictError('The peer worker already supports this episode', 'already_supports_episode');
    await this.assertUnderCap(manager, peerWorkerId, caseloadCap);
    const pairing = await manager.save(
      manager.create(Pairing, {
        episodeId,
        peerWorkerId,
        kind: 'cover',
        startedAt: startsAt,
        endedAt: null,
        reason,
        endReason: null,
        startedById: actor.id,
        endedById: null,
      }),
    );
    await this.audit.record(
      {
        actor,
        action: 'pairing.cover.start',
        resourceType: 'support_episode',
        resourceId: episodeId,
        serviceUserId: episode.serviceUserId,
        details: { peerWorkerId, startsAt: startsAt.toISOString() },
      },
      manager,
    );
    return pairing;
  }

  /** Ends a cover pairing (cover over: the covering worker's access ends with it). No-op if already ended. */
  async endCover(manager: EntityManager, actor: Actor, pairingId: string, at: Date, reason: string): Promise<void> {
    const pairing = await manager.findOne(Pairing, { where: { id: pairingId }, lock: { mode: 'pessimistic_write' } });
    if (!pairing || pairing.kind !== 'cover' || pairing.endedAt !== null) return;
    pairing.endedAt = pairingEndsAt(pairing, at);
    pairing.endedById = actor.id;
    pairing.endReason = reason;
    await manager.save(pairing);
    await this.audit.record(
      {
        actor,
        action: 'pairing.cover.end',
        resourceType: 'support_episode',
        resourceId: pairing.episodeId,
        details: { peerWorkerId: pairing.peerWorkerId, reason },
      },
      manager,
    );
  }

  /** The peer worker's caseload now (under their row lock), refused at the cap. */
  private async assertUnderCap(manager: EntityManager, peerWorkerId: string, caseloadCap: number): Promise<number> {
    const held = (await this.pairings.caseloadCounts([peerWorkerId], manager)).get(peerWorkerId) ?? 0;
    assertUnderCaseloadCap(held, caseloadCap);
    return held;
  }

  /** The open episodes the peer worker supports now (primary or cover), oldest pairing first: what absence cover arranges. */
  openEpisodeIdsOf(peerWorkerId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    return this.pairings.openEpisodeIdsOf(peerWorkerId, manager);
  }

  /** Whether the peer worker holds a pairing on the episode not yet ended (of `kind`, when given). */
  holdsOpenPairing(
    episodeId: string,
    peerWorkerId: string,
    kind?: PairingKind,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    return this.pairings.holdsOpenPairing(episodeId, peerWorkerId, kind, manager);
  }

  /** GET …/pairings: who supported the episode, when (oldest first). */
  async history(actor: Actor, episodeId: string): Promise<Pairing[]> {
    const episode = await this.episodes.findVisible(actor, episodeId, 'pairing.list');
    const rows = await this.dataSource
      .getRepository(Pairing)
      .find({ where: { episodeId }, order: { startedAt: 'ASC', createdAt: 'ASC' } });
    await this.audit.record({
      actor,
      action: 'pairing.list',
      resourceType: 'support_episode',
      resourceId: episodeId,
      serviceUserId: episode.serviceUserId,
    });
    return rows;
  }

  /** Pairing is the coordinator's job on their own site (admins may read suggestions anywhere). */
  private assertActsOnSite(actor: Actor, episode: SupportEpisode): void {
    if (!canActOnSite(actor, episode.siteId)) throw new RecordNotFoundError('Support episode', episode.id);
  }
}
