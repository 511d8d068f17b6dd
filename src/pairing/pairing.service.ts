import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, In, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { AttentionService } from '../attention/attention.service';
import { AuditService } from '../audit/audit.service';
import { type Actor, canActOnSite } from '../common/auth/actor';
import { ConflictError, RecordNotFoundError, UnprocessableError } from '../common/errors/domain-errors';
import type { SupportEpisode } from '../episodes/entities/support-episode.entity';
import type { EpisodeMoved } from '../common/events/domain-event-map';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator';
import { REPAIRABLE_STATES, SupportEpisodesService } from '../episodes/support-episodes.service';
import { inCommunity, type SupportEpisodeState } from '../episodes/support-episode.state-machine';
import { PeerWorker } from '../workforce/peer-workers/entities/peer-worker.entity';
import { PeerWorkerStatus } from '../workforce/peer-workers/peer-worker-status';
import { PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { DomainEvents } from '../common/events/domain-events.service';
import { ServiceUser } from '../service-users/entities/service-user.entity';
import { ServiceUsersService } from '../service-users/service-users.service';
import { SitesService } from '../sites/sites.service';
import { ReadinessCondition } from '../workforce/peer-workers/readiness';
import { ReadinessService } from '../workforce/readiness/readiness.service';
import { Pairing, PairingKind } from './entities/pairing.entity';
import { NextPlannedContacts } from './next-planned-contact';
import {
  PEER_WORKER_AVAILABILITY,
  type AvailabilityWindow,
  type PeerWorkerAvailability,
} from './peer-worker-availability';
import { candidateOf, expectedStartWindow } from './pairing-candidates';
import {
  hardRuleBreaches,
  type HardRuleBreach,
  PeerWorkerCandidate,
  Ranking,
  rankPeerWorkers,
} from './rank-peer-workers';
import { PairingRepository } from './pairing.repository';

const LONDON = 'Europe/London';
const today = () => DateTime.now().setZone(LONDON).startOf('day');

/** A pairing the rules refuse: 422 naming the rule (and the field, peerWorkerId). */
export class PairingRefusedError extends UnprocessableError {
  constructor(message: string, rule: string, extra: Record<string, unknown> = {}) {
    super(message, 'peerWorkerId');
    Object.assign(this.extensions, { rule, ...extra });
  }
}

export interface SuggestOptions {
  /** Peer workers never to suggest (absence cover passes the absent worker). */
  excludePeerWorkerIds?: readonly string[];
  /** `primary` (default) leaves out the current primary; `cover` leaves out everyone holding the episode now. */
  kind?: PairingKind;
  /** Days the peer worker must be free (default: from today, the site's pairingAvailabilityWindowDays). */
  window?: AvailabilityWindow;
  /**
   * Long-term absence cover: a reserve whose only unmet condition is the appointment counts as ready,
   * because activating them as cover is what appoints them (handbook 15.3).
   */
  reservesActivatable?: boolean;
}

export interface Suggestions extends Ranking {
  episodeId: string;
  kind: PairingKind;
  caseloadCap: number;
  availabilityWindow: AvailabilityWindow;
}

export interface PairResult {
  episode: SupportEpisode;
  pairing: Pairing;
  previousPeerWorkerId: string | null;
}

export interface CaseloadEntry {
  episodeId: string;
  state: SupportEpisodeState;
  serviceUserId: string;
  serviceUserDisplayName: string;
  pairingKind: PairingKind;
  pairedSince: Date;
  nextPlannedContact: Date | null;
  dischargedOn: string | null;
  daysSinceDischarge: number | null;
}

/**
 * Peer workers listed for a pairing: the appointed and active (who may be ready), and reserves and
 * trainees (listed as not ready, so the coordinator sees who is coming). Applicants, the inactive and
 * leavers are not listed.
 */
const CONSIDERED_STATUSES = [
  PeerWorkerStatus.Appointed,
  PeerWorkerStatus.Active,
  PeerWorkerStatus.Reserve,
  PeerWorkerStatus.InTraining,
];

/**
 * Pairing (handbook 12.2): suggestions ranked against the service user's preferences, the pairing
 * itself (guarded, history-keeping, safe under concurrency), caseloads, and the pairing history that
 * record-level access reads for peer workers.
 */
@Injectable()
export class PairingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly episodes: SupportEpisodesService,
    private readonly serviceUsers: ServiceUsersService,
    private readonly peerWorkers: PeerWorkersService,
    private readonly readiness: ReadinessService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly nextPlannedContacts: NextPlannedContacts,
    private readonly attention: AttentionService,
    @Inject(PEER_WORKER_AVAILABILITY) private readonly availability: PeerWorkerAvailability,
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
    return manager.getRepository(Pairing).exists({
      where: [
        { episodeId, peerWorkerId, startedAt: LessThanOrEqual(at), endedAt: IsNull() },
        { episodeId, peerWorkerId, startedAt: LessThanOrEqual(at), endedAt: MoreThan(at) },
      ],
    });
  }

  /** GET …/pairing-suggestions: the coordinator of the episode's site, or an admin. */
  async suggestionsFor(actor: Actor, episodeId: string): Promise<Suggestions> {
    const episode = await this.episodes.findVisible(actor, episodeId, 'pairing.suggest');
    this.assertActsOnSite(actor, episode);
    const result = await this.suggest(episodeId);
    await this.audit.record({
      actor,
      action: 'pairing.suggest',
      resourceType: 'support_episode',
      resourceId: episodeId,
      serviceUserId: episode.serviceUserId,
      details: { suggested: result.suggestions.map((s) => s.peerWorkerId), excluded: result.excluded.length },
    });
    return result;
  }

  /**
   * Rank the peer workers of the episode's site for it. No access check and no audit: for other areas'
   * rules (absence cover passes `{ kind: 'cover', excludePeerWorkerIds: [absentWorkerId] }`).
   */
  async suggest(episodeId: string, options: SuggestOptions = {}): Promise<Suggestions> {
    const kind = options.kind ?? 'primary';
    const episode = await this.episodes.findById(episodeId);
    const serviceUser = await this.dataSource.getRepository(ServiceUser).findOneByOrFail({ id: episode.serviceUserId });
    const settings = await this.sites.settingsOf(episode.siteId);
    const preferences = await this.serviceUsers.preferencesOf(episode.serviceUserId);
    const holders = await this.dataSource.getRepository(Pairing).findBy({ episodeId, endedAt: IsNull() });
    const alreadyHolding = holders.filter((h) => kind === 'cover' || h.kind === 'primary').map((h) => h.peerWorkerId);

    const workers = await this.dataSource
      .getRepository(PeerWorker)
      .find({ where: { siteId: episode.siteId, status: In(CONSIDERED_STATUSES) }, order: { displayName: 'ASC' } });
    const ids = workers.map((w) => w.id);
    const start = today();
    const availabilityWindow = options.window ?? expectedStartWindow(settings.pairingAvailabilityWindowDays, start);
    const [caseloads, availability] = await Promise.all([
      this.caseloadCounts(this.dataSource.manager, ids),
      this.availability.availabilityOf(ids, availabilityWindow),
    ]);
    const candidates: PeerWorkerCandidate[] = [];
    for (const w of workers) {
      const readiness = await this.readiness.readinessOf(w);
      const activatable =
        options.reservesActivatable === true &&
        w.status === PeerWorkerStatus.Reserve &&
        readiness.unmet.every((u) => u === ReadinessCondition.Appointed);
      candidates.push(
        candidateOf(
          w,
          activatable ? { ready: true, unmet: [] } : readiness,
          availability.get(w.id) ?? { available: true },
          caseloads.get(w.id) ?? 0,
        ),
      );
    }
    const ranking = rankPeerWorkers(candidates, {
      siteId: episode.siteId,
      caseloadCap: settings.caseloadCap,
      // Proximity by ward only: service users carry no community team, so that half of proximity is skipped.
      serviceUserWardId: serviceUser.wardId,
      preferences: preferences.map((p) => ({ kind: p.kind, value: p.value, weight: p.weight })),
      asOf: start.toISODate()!,
      excludePeerWorkerIds: [...(options.excludePeerWorkerIds ?? []), ...alreadyHolding],
    });
    return { episodeId, kind, caseloadCap: settings.caseloadCap, availabilityWindow, ...ranking };
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
    const breaches = await this.hardRuleBreachesOf(
      visible,
      worker,
      expectedStartWindow(settings.pairingAvailabilityWindowDays, today()),
    );
    if (breaches.length > 0 && !overrideReason) {
      throw new PairingRefusedError(
        `The pairing breaks a rule suggestions filter on: ${breaches.map((b) => b.explain).join('; ')}. A coordinator may pair anyway with an overrideReason.`,
        breaches[0].rule,
        { breaches },
      );
    }
    const override =
      breaches.length > 0 ? { rules: [...new Set(breaches.map((b) => b.rule))], reason: overrideReason! } : undefined;
    return this.dataSource.transaction((manager) =>
      this.pairWithin(manager, actor, episodeId, worker.id, settings.caseloadCap, reason, override),
    );
  }

  /**
   * The hard rules POST …/pair applies, for another area's permanent re-pairing (absence cover's `repair`): the
   * service user's "must" preferences and the peer worker's absence across `window` (default: the expected start
   * of a new pairing; cover passes the window its suggestions were ranked for, so the two never disagree). No
   * override there.
   */
  async hardRuleBreachesFor(
    episodeId: string,
    peerWorkerId: string,
    window?: AvailabilityWindow,
  ): Promise<HardRuleBreach[]> {
    const episode = await this.episodes.findById(episodeId);
    const worker = await this.dataSource.getRepository(PeerWorker).findOneByOrFail({ id: peerWorkerId });
    const { pairingAvailabilityWindowDays } = await this.sites.settingsOf(episode.siteId);
    return this.hardRuleBreachesOf(
      episode,
      worker,
      window ?? expectedStartWindow(pairingAvailabilityWindowDays, today()),
    );
  }

  /** The service user's "must" preferences and the peer worker's absences across `window` (the expected start). */
  private async hardRuleBreachesOf(
    episode: SupportEpisode,
    worker: PeerWorker,
    window: AvailabilityWindow,
  ): Promise<HardRuleBreach[]> {
    const start = today();
    const preferences = await this.serviceUsers.preferencesOf(episode.serviceUserId);
    const available = (await this.availability.availabilityOf([worker.id], window)).get(worker.id) ?? {
      available: true,
    };
    const candidate = candidateOf(worker, { ready: true, unmet: [] }, available, 0);
    return hardRuleBreaches(
      candidate,
      preferences.map((p) => ({ kind: p.kind, value: p.value, weight: p.weight })),
      start.toISODate()!,
    );
  }

  /**
   * The peer worker exists, works on the episode's site and is ready (readiness read outside any
   * transaction). Absence cover re-pairs through this and pairWithin.
   */
  async assertPairable(episode: Pick<SupportEpisode, 'siteId'>, peerWorkerId: string): Promise<PeerWorker> {
    const worker = await this.dataSource.getRepository(PeerWorker).findOneBy({ id: peerWorkerId });
    if (!worker) throw new UnprocessableError('peerWorkerId names no peer worker', 'peerWorkerId');
    if (worker.siteId !== episode.siteId) {
      throw new PairingRefusedError(
        'The peer worker works on another site than the support episode',
        'peer_worker_on_episode_site',
      );
    }
    const readiness = await this.readiness.readinessOf(worker);
    if (!readiness.ready) {
      throw new PairingRefusedError(
        `The peer worker is not ready to be paired: ${readiness.unmet.join(', ')}`,
        'peer_worker_ready',
        { unmet: readiness.unmet },
      );
    }
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
    override?: { rules: string[]; reason: string },
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
      {
        outbox: [
          {
            type: 'episode.paired',
            aggregateType: 'support_episode',
            aggregateId: episodeId,
            payload: {
              episodeId,
              serviceUserId: episode.serviceUserId,
              siteId: episode.siteId,
              peerWorkerId,
              previousPeerWorkerId,
              repairing,
              pairedAt: now.toISOString(),
            },
          },
        ],
      },
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
    const holding = await manager.getRepository(Pairing).existsBy({ episodeId, peerWorkerId, endedAt: IsNull() });
    if (holding) throw new ConflictError('The peer worker already supports this episode', 'already_supports_episode');
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
    // A cover confirmed ahead and ended before it began closes at its own start.
    pairing.endedAt = at < pairing.startedAt ? pairing.startedAt : at;
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
    const held = (await this.caseloadCounts(manager, [peerWorkerId])).get(peerWorkerId) ?? 0;
    if (held >= caseloadCap) {
      throw new ConflictError(`The peer worker is at the caseload cap (${held} of ${caseloadCap})`, 'caseload_cap');
    }
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
    return manager
      .getRepository(Pairing)
      .existsBy({ episodeId, peerWorkerId, endedAt: IsNull(), ...(kind ? { kind } : {}) });
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

  /** GET /peer-workers/{id}/caseload: the peer worker themself, their site's coordinator, or an admin. */
  async caseload(actor: Actor, peerWorkerId: string): Promise<{ caseloadCap: number; entries: CaseloadEntry[] }> {
    const worker = await this.peerWorkers.findVisible(actor, peerWorkerId);
    const { caseloadCap } = await this.sites.settingsOf(worker.siteId);
    const rows = await this.pairings.caseloadOf(peerWorkerId);
    const next = await this.nextPlannedContacts.nextPlannedContactOf(rows.map((r) => r.episode_id));
    const on = today(); // once per caseload, not per row
    const entries = rows.map((r) => ({
      episodeId: r.episode_id,
      state: r.state,
      serviceUserId: r.service_user_id,
      serviceUserDisplayName: `${r.given_name} ${r.family_name}`,
      pairingKind: r.kind,
      pairedSince: r.started_at,
      nextPlannedContact: next.get(r.episode_id) ?? null,
      dischargedOn: r.discharged_on,
      daysSinceDischarge: daysSinceDischarge(r.state, r.discharged_on, on),
    }));
    await this.audit.recordList(
      actor,
      'caseload',
      entries.map((e) => e.episodeId),
      { peerWorkerId },
      entries.map((e) => e.serviceUserId),
    );
    return { caseloadCap, entries };
  }

  /**
   * Open episodes each peer worker holds now, primary or cover: what counts against the caseload cap.
   * An ended episode stops counting even though its last pairing row stays open in the history.
   */
  private async caseloadCounts(manager: EntityManager, peerWorkerIds: readonly string[]): Promise<Map<string, number>> {
    if (peerWorkerIds.length === 0) return new Map();
    return this.pairings.caseloadCounts(peerWorkerIds, manager);
  }

  /** Pairing is the coordinator's job on their own site (admins may read suggestions anywhere). */
  private assertActsOnSite(actor: Actor, episode: SupportEpisode): void {
    if (!canActOnSite(actor, episode.siteId)) throw new RecordNotFoundError('Support episode', episode.id);
  }
}

/** Whole days since discharge while the service user is in the community; null before discharge or while readmitted. */
export function daysSinceDischarge(
  state: SupportEpisodeState,
  dischargedOn: string | null,
  on: DateTime = today(),
): number | null {
  if (!dischargedOn || !['community_support', 'step_down'].includes(state)) return null;
  // Whole calendar days between two London dates, as UTC midnights: no time-zone rules rebuilt per row.
  return Math.round((Date.parse(on.toISODate()!) - Date.parse(dischargedOn)) / 86_400_000);
}
