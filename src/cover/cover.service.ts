import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { addCalendarDays, londonDate } from '../absence/absence-term';
import { AbsenceService, type AbsenceTerm } from '../absence/absence.service';
import type { Absence } from '../absence/entities/absence.entity';
import { AttentionService } from '../attention/attention.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import type { AbsenceChanged, EpisodeMoved } from '../common/events/domain-event-map';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator';
import { ConflictError, RecordNotFoundError, UnprocessableError } from '../common/errors/domain-errors';
import { MeetingsService } from '../delivery/meetings/meetings.service';
import { StepDownPlanService } from '../delivery/step-down/step-down-plan.service';
import { PairingService, type Suggestions } from '../pairing/pairing.service';
import type { PeerWorker } from '../workforce/peer-workers/entities/peer-worker.entity';
import { PeerWorkerStatus } from '../workforce/peer-workers/peer-worker-status';
import type { ReadinessCondition } from '../workforce/peer-workers/readiness';
import { managesSite, PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { DomainEvents } from '../common/events/domain-events.service';
import { SitesService } from '../sites/sites.service';
import { ReadinessService } from '../workforce/readiness/readiness.service';
import {
  brokenArrangementRule,
  contactsWindow,
  coverStartsAt,
  coverWindow,
  EARLIEST,
  OPEN_END,
  windowInstants,
  type CoverWindow,
} from './cover-rules';
import type { ArrangementRequest, ConfirmCoverPlanRequest, HandoverStatus } from './dto/cover.dto';
import { CoverArrangement } from './entities/cover-arrangement.entity';
import { HandoverNote } from './entities/handover-note.entity';

/** A record another area says is not there reads as none (the rule then names the field). */
const notFoundAsNull = (error: unknown): null => {
  if (error instanceof RecordNotFoundError) return null;
  throw error;
};

/** An arrangement the rules refuse: 422 naming the rule and the field (arrangements[i].…). */
export class CoverRefusedError extends UnprocessableError {
  constructor(message: string, rule: string, field: string, extra: Record<string, unknown> = {}) {
    super(message, field);
    Object.assign(this.extensions, { rule, ...extra });
  }
}

export interface AffectedEpisode {
  episodeId: string;
  serviceUserId: string;
  serviceUserDisplayName: string;
  state: string;
  plannedContactsInWindow: number;
  plannedMeetingsInWindow: number;
  arrangement: CoverArrangement | null;
  suggestions: Suggestions | null;
}

export interface CoverPlan {
  absence: Absence;
  term: AbsenceTerm;
  window: CoverWindow;
  episodes: AffectedEpisode[];
  notes: Map<string, { handover: HandoverStatus; handBack: HandoverStatus }>;
}

/**
 * Absence cover (handbook 15): for a peer worker's absence, the plan of who looks after each episode they
 * support, confirmed by the coordinator in one transaction — cover pairings, planned contacts and planned
 * meetings in the absence handed to the covering peer worker (or paused, the service user informed), a
 * reserve activated after their induction, or a permanent re-pairing. When the absence ends (or is
 * cancelled) cover ends with it and the remaining plan goes back to the regular peer worker.
 */
@Injectable()
export class CoverService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly absences: AbsenceService,
    private readonly pairing: PairingService,
    private readonly peerWorkers: PeerWorkersService,
    private readonly readiness: ReadinessService,
    private readonly plans: StepDownPlanService,
    private readonly meetings: MeetingsService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly attention: AttentionService,
  ) {}

  /**
   * A plan generated at discharge (or resumed after a readmission) while cover runs is owned by the episode's
   * peer worker: cover applies to it at once, in the move's transaction — after the step-down plan's handler
   * (order 20), so the contacts exist by now.
   */
  @OnDomainEvent('episode.moved', { order: 30 })
  async coverNewPlan(manager: EntityManager, actor: Actor, { episode, to }: EpisodeMoved): Promise<void> {
    if (to !== 'community_support') return;
    const arrangements = await manager.find(CoverArrangement, { where: { episodeId: episode.id, state: 'active' } });
    const today = londonDate(new Date());
    for (const arrangement of arrangements) {
      const absence = await this.absences.findById(arrangement.absenceId, manager);
      await this.followNewWindow(manager, actor, arrangement, coverWindow(absence, today));
    }
  }

  /** GET /absences/{id}/cover-plan: the coordinator of the absence's site. */
  async plan(actor: Actor, absenceId: string): Promise<CoverPlan> {
    const absence = await this.managedPeerWorkerAbsence(actor, absenceId);
    const plan = await this.buildPlan(absence);
    await this.audit.record({
      actor,
      action: 'cover_plan.read',
      resourceType: 'absence',
      resourceId: absenceId,
      details: { episodes: plan.episodes.length },
    });
    return plan;
  }

  /** POST /absences/{id}/cover-plan: confirm arrangements for every affected episode not yet arranged. */
  async confirm(actor: Actor, absenceId: string, request: ConfirmCoverPlanRequest): Promise<CoverPlan> {
    const absence = await this.managedPeerWorkerAbsence(actor, absenceId);
    if (absence.state !== 'planned' && absence.state !== 'active')
      throw new ConflictError(
        `Cover is planned for a planned or active absence; this one is ${absence.state}`,
        'absence_open',
      );
    const today = londonDate(new Date());
    const term = await this.absences.termOf(absence, today);
    const window = coverWindow(absence, today);
    const absentId = absence.peerWorkerId!;
    const { caseloadCap } = await this.sites.settingsOf(absence.siteId);

    // Checked before the transaction: the rules that read other areas (readiness, ranking) open their own reads.
    const checked: {
      request: ArrangementRequest;
      index: number;
      reserve: PeerWorker | null;
      unmet: readonly ReadinessCondition[];
    }[] = [];
    const seen = new Set<string>();
    const needingNow = await this.episodesNeedingArrangement(this.dataSource.manager, absence);
    for (const [index, arrangement] of request.arrangements.entries()) {
      const request = arrangement;
      const field = (name: string) => `arrangements[${index}].${name}`;
      if (seen.has(request.episodeId))
        throw new CoverRefusedError('Each episode is arranged once', 'episode_arranged_once', field('episodeId'));
      seen.add(request.episodeId);
      if (!needingNow.includes(request.episodeId)) throw this.notNeeding(index);
      const covering = request.peerWorkerId
        ? await this.peerWorkers.findById(request.peerWorkerId).catch(notFoundAsNull)
        : null;
      if (request.peerWorkerId && (!covering || covering.siteId !== absence.siteId)) {
        throw new CoverRefusedError(
          'peerWorkerId names no peer worker on the absence’s site',
          'peer_worker_on_site',
          field('peerWorkerId'),
        );
      }
      const broken = brokenArrangementRule({
        term: term.term,
        arrangement: request.arrangement,
        coveringStatus: covering?.status ?? null,
        coveringIsAbsentWorker: covering?.id === absentId,
        reserveInductionRecorded: covering ? (await this.peerWorkers.reserveInductionOf(covering.id)) !== null : false,
        serviceUserInformed: request.serviceUserInformed === true,
        openEnded: window.to === OPEN_END,
      });
      if (broken) throw new CoverRefusedError(broken.explain, broken.rule, field(broken.field));
      if (covering) {
        // The covering peer worker must be someone the ranking would suggest: ready (or an activatable reserve),
        // present across the window, under the cap, meeting the service user's "must" preferences.
        const ranking = await this.suggestionsFor(request.episodeId, absentId, term, window);
        if (!ranking.suggestions.some((s) => s.peerWorkerId === covering.id)) {
          const exclusion = ranking.excluded.find((e) => e.peerWorkerId === covering.id);
          const rule = exclusion?.rule ?? 'peer_worker_on_site';
          if (rule === 'at_caseload_cap') throw new ConflictError(exclusion!.explain, 'caseload_cap');
          throw new CoverRefusedError(
            exclusion?.explain ?? 'The peer worker cannot take this episode on',
            rule,
            field('peerWorkerId'),
          );
        }
      }
      if (request.arrangement === 'repair') {
        if (!(await this.isPrimary(this.dataSource.manager, request.episodeId, absentId))) {
          throw new CoverRefusedError(
            'The absent peer worker covers this episode for a colleague: it is covered in turn, not re-paired',
            'repair_primary_only',
            field('arrangement'),
          );
        }
        await this.pairing.assertPairable({ siteId: absence.siteId }, covering!.id);
        // A re-pairing is for good: the same hard rules as POST …/pair, across the new pairing's expected start.
        const [breach] = await this.pairing.hardRuleBreachesFor(request.episodeId, covering!.id);
        if (breach) throw new CoverRefusedError(breach.explain, breach.rule, field('peerWorkerId'));
      }
      const reserve = covering?.status === PeerWorkerStatus.Reserve ? covering : null;
      checked.push({
        request,
        index,
        reserve,
        unmet: reserve ? (await this.readiness.readinessOf(reserve)).unmet : [],
      });
    }

    await this.dataSource.transaction(async (manager) => {
      // One confirmation at a time per absence: the affected set is read under this lock.
      await manager.query('SELECT id FROM absences WHERE id = $1 FOR UPDATE', [absenceId]);
      const needing = await this.episodesNeedingArrangement(manager, absence);
      const named = new Set(checked.map((c) => c.request.episodeId));
      for (const c of checked) if (!needing.includes(c.request.episodeId)) throw this.notNeeding(c.index);
      const missing = needing.filter((id) => !named.has(id));
      if (missing.length > 0) {
        throw new CoverRefusedError(
          `Every affected episode needs an arrangement: ${missing.length} not named`,
          'every_episode_arranged',
          'arrangements',
          { missingEpisodeIds: missing },
        );
      }
      const startsAt = coverStartsAt(absence.startsOn, new Date());
      const activated = new Set<string>();
      for (const { request, reserve, unmet } of checked) {
        if (reserve && !activated.has(reserve.id)) {
          const locked = await this.peerWorkers.lockForUpdate(manager, reserve.id);
          if (locked.status === PeerWorkerStatus.Reserve) {
            await this.peerWorkers.moveStatus(
              manager,
              actor,
              locked,
              PeerWorkerStatus.Active,
              `Activated to cover absence ${absence.id}`,
              { viaRecruitment: false, unmet },
            );
          }
          activated.add(reserve.id);
        }
        await this.arrange(
          manager,
          actor,
          absence,
          term.term,
          window,
          startsAt,
          caseloadCap,
          request,
          reserve !== null,
        );
      }
    });
    return this.buildPlan(await this.absences.findById(absenceId));
  }

  private notNeeding(index: number): CoverRefusedError {
    return new CoverRefusedError(
      'The episode is not one of the absent peer worker’s episodes still needing an arrangement',
      'episode_needs_arrangement',
      `arrangements[${index}].episodeId`,
    );
  }

  // ── The absence changes: cover follows ─────────────────────────────────────────────────────

  @OnDomainEvent('absence.changed', { order: 10 })
  async followAbsence(manager: EntityManager, actor: Actor, change: AbsenceChanged): Promise<void> {
    const { absence } = change;
    if (absence.subject !== 'peer_worker') return;
    const started = absence.state === 'active' && (change.change === 'recorded' || change.from === 'planned');
    if (started) await this.flagUncovered(manager, actor, absence);
    if (change.change === 'transition' && (absence.state === 'ended' || absence.state === 'cancelled'))
      await this.attention.resolveCause(
        manager,
        actor,
        'absence_without_cover',
        { key: 'absenceId', value: absence.id },
        absence.state === 'cancelled' ? 'Absence cancelled' : `Absence ended (last day ${absence.endedOn})`,
      );
    const arrangements = await manager.find(CoverArrangement, {
      where: { absenceId: absence.id, state: 'active' },
      order: { createdAt: 'ASC' },
    });
    if (arrangements.length === 0) return;
    if (change.change === 'transition' && (absence.state === 'ended' || absence.state === 'cancelled')) {
      for (const arrangement of arrangements) await this.endArrangement(manager, actor, absence, arrangement);
      return;
    }
    if (change.change === 'expected_end') {
      const today = londonDate(new Date());
      const window = coverWindow(absence, today);
      for (const arrangement of arrangements) await this.followNewWindow(manager, actor, arrangement, window);
    }
  }

  /**
   * Nobody is stranded (handbook 15): an absence that starts with episodes still lacking a confirmed arrangement
   * puts each of them on the coordinator's attention queue, in the absence's own transaction. Until cover is
   * confirmed the coordinator is responsible for them (their contact reminders route there) and the daily digest
   * re-notifies every morning; confirming cover (or the absence ending) resolves the items.
   */
  private async flagUncovered(manager: EntityManager, actor: Actor, absence: Absence): Promise<void> {
    const window = coverWindow(absence, londonDate(new Date()));
    for (const episodeId of await this.episodesNeedingArrangement(manager, absence)) {
      const serviceUserId = await this.serviceUserOf(manager, episodeId);
      if (!serviceUserId) continue;
      await this.attention.open(manager, actor, {
        siteId: absence.siteId,
        episodeId,
        serviceUserId,
        kind: 'absence_without_cover',
        summary: `The peer worker is absent from ${absence.startsOn} with no cover confirmed: arrange cover, pause or re-pair`,
        details: {
          absenceId: absence.id,
          peerWorkerId: absence.peerWorkerId,
          startsOn: absence.startsOn,
          expectedEndOn: absence.expectedEndOn,
          coverWindowTo: window.to === OPEN_END ? null : window.to,
        },
      });
    }
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private async arrange(
    manager: EntityManager,
    actor: Actor,
    absence: Absence,
    term: 'short_term' | 'long_term',
    window: CoverWindow,
    startsAt: Date,
    caseloadCap: number,
    request: ArrangementRequest,
    reserveActivated: boolean,
  ): Promise<CoverArrangement> {
    const absentId = absence.peerWorkerId!;
    const reason =
      request.reason ??
      `${request.arrangement === 'repair' ? 'Re-paired' : 'Cover'} for absence ${absence.startsOn} to ${window.to === OPEN_END ? 'return' : window.to}`;
    let pairingId: string | null = null;
    if (request.arrangement === 'cover') {
      pairingId = (
        await this.pairing.startCover(
          manager,
          actor,
          request.episodeId,
          request.peerWorkerId!,
          startsAt,
          caseloadCap,
          reason,
        )
      ).id;
      await this.plans.reassignOwner(
        actor,
        request.episodeId,
        absentId,
        request.peerWorkerId!,
        contactsWindow(window),
        manager,
      );
      await this.moveMeetings(manager, actor, request.episodeId, absentId, request.peerWorkerId!, window);
    } else if (request.arrangement === 'repair') {
      pairingId = (
        await this.pairing.pairWithin(manager, actor, request.episodeId, request.peerWorkerId!, caseloadCap, reason)
      ).pairing.id;
      const fromStart = { from: absence.startsOn, to: OPEN_END };
      await this.plans.reassignOwner(
        actor,
        request.episodeId,
        absentId,
        request.peerWorkerId!,
        { from: EARLIEST, to: OPEN_END },
        manager,
      );
      await this.moveMeetings(manager, actor, request.episodeId, absentId, request.peerWorkerId!, fromStart);
    } else {
      const why = `Contact paused while the peer worker is away (service user informed)${request.reason ? `: ${request.reason}` : ''}`;
      await this.plans.pauseForAbsence(actor, request.episodeId, absentId, contactsWindow(window), why, manager);
      await this.cancelMeetings(manager, actor, request.episodeId, absentId, window, why);
    }
    const arrangement = await manager.save(
      manager.create(CoverArrangement, {
        absenceId: absence.id,
        episodeId: request.episodeId,
        siteId: absence.siteId,
        absentPeerWorkerId: absentId,
        arrangement: request.arrangement,
        coveringPeerWorkerId: request.peerWorkerId ?? null,
        pairingId,
        reserveActivated,
        serviceUserInformed: request.serviceUserInformed === true,
        termAtConfirmation: term,
        reason: request.reason ?? null,
        startsOn: absence.startsOn,
        state: 'active',
        confirmedById: actor.id,
        endedAt: null,
        endedById: null,
        endReason: null,
      }),
    );
    const serviceUserId = await this.serviceUserOf(manager, request.episodeId);
    await this.attention.resolveFor(
      manager,
      actor,
      request.episodeId,
      ['absence_without_cover'],
      `Cover confirmed for absence ${absence.id}: ${request.arrangement}${request.peerWorkerId ? ` by peer worker ${request.peerWorkerId}` : ''}`,
    );
    await this.audit.record(
      {
        actor,
        action: 'cover.confirm',
        resourceType: 'support_episode',
        resourceId: request.episodeId,
        serviceUserId,
        details: {
          absenceId: absence.id,
          arrangement: request.arrangement,
          coveringPeerWorkerId: request.peerWorkerId ?? null,
          reserveActivated,
        },
      },
      manager,
    );
    const confirmed = {
      type: 'cover.confirmed',
      aggregateType: 'cover_arrangement',
      aggregateId: arrangement.id,
      payload: {
        arrangementId: arrangement.id,
        absenceId: absence.id,
        episodeId: request.episodeId,
        siteId: absence.siteId,
        arrangement: request.arrangement,
        absentPeerWorkerId: absentId,
        coveringPeerWorkerId: request.peerWorkerId ?? null,
        coverStartsAt: startsAt.toISOString(),
      },
    };
    await this.events.emit(
      manager,
      actor,
      'cover.changed',
      { arrangement, change: 'started' },
      { outbox: [confirmed] },
    );
    return arrangement;
  }

  /** The absence ended or was cancelled: cover ends, and the plan from the day after goes back to the episode's peer worker. */
  private async endArrangement(
    manager: EntityManager,
    actor: Actor,
    absence: Absence,
    arrangement: CoverArrangement,
  ): Promise<void> {
    const now = new Date();
    const reason = absence.state === 'cancelled' ? 'Absence cancelled' : `Absence ended (last day ${absence.endedOn})`;
    if (arrangement.arrangement === 'cover') {
      if (arrangement.pairingId) await this.pairing.endCover(manager, actor, arrangement.pairingId, now, reason);
      // Back to the returning peer worker while they still support the episode; else to its primary now.
      const [stillSupports] = await manager.query<Array<Record<string, number> | undefined>>(
        `SELECT 1 FROM pairings WHERE episode_id = $1 AND peer_worker_id = $2 AND ended_at IS NULL`,
        [arrangement.episodeId, arrangement.absentPeerWorkerId],
      );
      const [episode] = await manager.query<Array<{ peer_worker_id: string | null } | undefined>>(
        `SELECT peer_worker_id FROM support_episodes WHERE id = $1`,
        [arrangement.episodeId],
      );
      const returnTo: string | null = stillSupports
        ? arrangement.absentPeerWorkerId
        : (episode?.peer_worker_id ?? null);
      if (returnTo && returnTo !== arrangement.coveringPeerWorkerId) {
        const back = {
          from: absence.state === 'cancelled' ? absence.startsOn : addCalendarDays(absence.endedOn!, 1),
          to: OPEN_END,
        };
        await this.plans.reassignOwner(
          actor,
          arrangement.episodeId,
          arrangement.coveringPeerWorkerId!,
          returnTo,
          back,
          manager,
        );
        await this.moveMeetings(
          manager,
          actor,
          arrangement.episodeId,
          arrangement.coveringPeerWorkerId!,
          returnTo,
          back,
        );
      }
    }
    Object.assign(arrangement, { state: 'ended', endedAt: now, endedById: actor.id, endReason: reason });
    await manager.save(arrangement);
    await this.audit.record(
      {
        actor,
        action: 'cover.end',
        resourceType: 'support_episode',
        resourceId: arrangement.episodeId,
        details: { absenceId: absence.id, arrangement: arrangement.arrangement, reason },
      },
      manager,
    );
    const ended = {
      type: 'cover.ended',
      aggregateType: 'cover_arrangement',
      aggregateId: arrangement.id,
      payload: {
        arrangementId: arrangement.id,
        absenceId: absence.id,
        episodeId: arrangement.episodeId,
        siteId: arrangement.siteId,
        arrangement: arrangement.arrangement,
        absentPeerWorkerId: arrangement.absentPeerWorkerId,
        coveringPeerWorkerId: arrangement.coveringPeerWorkerId,
        endedAt: now.toISOString(),
      },
    };
    await this.events.emit(manager, actor, 'cover.changed', { arrangement, change: 'ended' }, { outbox: [ended] });
  }

  /**
   * The expected return moved: a covering peer worker takes the contacts and meetings the window now
   * includes, and gives back those it no longer does; a pause extends to the new days.
   */
  private async followNewWindow(
    manager: EntityManager,
    actor: Actor,
    arrangement: CoverArrangement,
    window: CoverWindow,
  ): Promise<void> {
    const absentId = arrangement.absentPeerWorkerId;
    if (arrangement.arrangement === 'cover') {
      const covering = arrangement.coveringPeerWorkerId!;
      await this.plans.reassignOwner(actor, arrangement.episodeId, absentId, covering, contactsWindow(window), manager);
      await this.moveMeetings(manager, actor, arrangement.episodeId, absentId, covering, window);
      if (window.to !== OPEN_END) {
        const after = { from: addCalendarDays(window.to, 1), to: OPEN_END };
        await this.plans.reassignOwner(actor, arrangement.episodeId, covering, absentId, after, manager);
        await this.moveMeetings(manager, actor, arrangement.episodeId, covering, absentId, after);
      }
    } else if (arrangement.arrangement === 'pause') {
      const why = 'Contact paused while the peer worker is away (absence extended; service user informed)';
      await this.plans.pauseForAbsence(actor, arrangement.episodeId, absentId, contactsWindow(window), why, manager);
      await this.cancelMeetings(manager, actor, arrangement.episodeId, absentId, window, why);
    }
  }

  /** Planned meetings of `from` on the episode in the window pass to `to`, through delivery (their reminders follow: the policy re-reads the meeting). */
  private async moveMeetings(
    manager: EntityManager,
    actor: Actor,
    episodeId: string,
    from: string,
    to: string,
    window: CoverWindow,
  ): Promise<void> {
    await this.meetings.reassign(manager, actor, { episodeId, peerWorkerId: from, ...windowInstants(window) }, to);
  }

  /** A pause: planned meetings in the window are cancelled through delivery's transition table, with the reason recorded (never silently left). */
  private async cancelMeetings(
    manager: EntityManager,
    actor: Actor,
    episodeId: string,
    peerWorkerId: string,
    window: CoverWindow,
    reason: string,
  ): Promise<void> {
    await this.meetings.cancelForCover(manager, actor, { episodeId, peerWorkerId, ...windowInstants(window) }, reason);
  }

  /**
   * Every open episode the absent peer worker supports (as its primary, or covering a colleague) without an
   * active arrangement for this absence.
   */
  private async episodesNeedingArrangement(manager: EntityManager, absence: Absence): Promise<string[]> {
    const rows: { episode_id: string }[] = await manager.query(
      `SELECT p.episode_id FROM pairings p JOIN support_episodes e ON e.id = p.episode_id
        WHERE p.peer_worker_id = $1 AND p.ended_at IS NULL AND e.state <> 'ended'
          AND NOT EXISTS (SELECT 1 FROM cover_arrangements a WHERE a.absence_id = $2 AND a.episode_id = p.episode_id AND a.state = 'active')
        GROUP BY p.episode_id ORDER BY min(p.started_at), p.episode_id`,
      [absence.peerWorkerId, absence.id],
    );
    return rows.map((r) => r.episode_id);
  }

  /** Whether the peer worker holds the episode as its primary now. */
  private async isPrimary(manager: EntityManager, episodeId: string, peerWorkerId: string): Promise<boolean> {
    const [row] = await manager.query<Array<Record<string, number> | undefined>>(
      `SELECT 1 FROM pairings WHERE episode_id = $1 AND peer_worker_id = $2 AND kind = 'primary' AND ended_at IS NULL`,
      [episodeId, peerWorkerId],
    );
    return row !== undefined;
  }

  private async buildPlan(absence: Absence): Promise<CoverPlan> {
    const today = londonDate(new Date());
    const term = await this.absences.termOf(absence, today);
    const window = coverWindow(absence, today);
    const manager = this.dataSource.manager;
    const open = absence.state === 'planned' || absence.state === 'active';
    const needing = open ? await this.episodesNeedingArrangement(manager, absence) : [];
    const arrangements = await manager.find(CoverArrangement, {
      where: { absenceId: absence.id },
      order: { createdAt: 'ASC' },
    });
    const episodeIds = [...new Set([...arrangements.map((a) => a.episodeId), ...needing])];
    const episodes: AffectedEpisode[] = [];
    for (const episodeId of episodeIds) {
      const [row] = await manager.query<
        Array<{ state: string; service_user_id: string; given_name: string; family_name: string }>
      >(
        `SELECT e.state, e.service_user_id, su.given_name, su.family_name FROM support_episodes e JOIN service_users su ON su.id = e.service_user_id WHERE e.id = $1`,
        [episodeId],
      );
      const arrangement = [...arrangements].reverse().find((a) => a.episodeId === episodeId) ?? null;
      const needs = needing.includes(episodeId);
      const [contacts] = await manager.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM planned_contacts WHERE episode_id = $1 AND owner_peer_worker_id = $2 AND status = 'planned' AND due_on <= $3`,
        [episodeId, absence.peerWorkerId, window.to],
      );
      episodes.push({
        episodeId,
        serviceUserId: row.service_user_id,
        serviceUserDisplayName: `${row.given_name} ${row.family_name}`,
        state: row.state,
        plannedContactsInWindow: contacts.n,
        plannedMeetingsInWindow: await this.meetings.countCovered(manager, {
          episodeId,
          peerWorkerId: absence.peerWorkerId!,
          ...windowInstants(window),
        }),
        arrangement: needs ? null : arrangement,
        suggestions: needs ? await this.suggestionsFor(episodeId, absence.peerWorkerId!, term, window) : null,
      });
    }
    const notes = await this.noteStatuses(arrangements);
    return { absence, term, window, episodes, notes };
  }

  /** Cover suggestions reuse the pairing ranking: the absent worker left out, reserves activatable for a long-term absence. */
  private suggestionsFor(
    episodeId: string,
    absentPeerWorkerId: string,
    term: AbsenceTerm,
    window: CoverWindow,
  ): Promise<Suggestions> {
    // An open-ended absence: free across the short-term threshold is what can be promised now.
    const to = window.to === OPEN_END ? addCalendarDays(window.from, term.shortTermMaxDays - 1) : window.to;
    return this.pairing.suggest(episodeId, {
      kind: 'cover',
      excludePeerWorkerIds: [absentPeerWorkerId],
      window: { from: window.from, to },
      reservesActivatable: term.term === 'long_term',
    });
  }

  private async noteStatuses(
    arrangements: CoverArrangement[],
  ): Promise<Map<string, { handover: HandoverStatus; handBack: HandoverStatus }>> {
    const notes =
      arrangements.length === 0
        ? []
        : await this.dataSource
            .getRepository(HandoverNote)
            .findBy({ arrangementId: In(arrangements.map((a) => a.id)) });
    const statusOf = (arrangementId: string, direction: 'handover' | 'hand_back'): HandoverStatus => {
      const note = notes.find((n) => n.arrangementId === arrangementId && n.direction === direction);
      if (!note) return 'not_written';
      return note.acknowledgedAt ? 'acknowledged' : 'unacknowledged';
    };
    return new Map(
      arrangements.map((a) => [
        a.id,
        {
          handover: a.arrangement === 'pause' ? 'not_needed' : statusOf(a.id, 'handover'),
          handBack: a.arrangement === 'cover' ? statusOf(a.id, 'hand_back') : 'not_needed',
        },
      ]),
    );
  }

  private async serviceUserOf(manager: EntityManager, episodeId: string): Promise<string | null> {
    const [row] = await manager.query<Array<{ service_user_id: string } | undefined>>(
      `SELECT service_user_id FROM support_episodes WHERE id = $1`,
      [episodeId],
    );
    return row?.service_user_id ?? null;
  }

  /** A peer worker's absence on a site the caller coordinates (404 otherwise: a coordinator absence has no cover plan). */
  private async managedPeerWorkerAbsence(actor: Actor, absenceId: string): Promise<Absence> {
    const absence = await this.absences.findById(absenceId);
    if (!managesSite(actor, absence.siteId)) throw new RecordNotFoundError('Absence', absenceId);
    if (absence.subject !== 'peer_worker') {
      throw new UnprocessableError(
        'Cover plans are for peer worker absences; while the coordinator is away, support routes to the deputy',
        'absenceId',
      );
    }
    return absence;
  }
}
