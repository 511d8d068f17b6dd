import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { londonDate } from '../absence/absence-term';
import { AbsenceService, type AbsenceTerm } from '../absence/absence.service';
import type { Absence } from '../absence/entities/absence.entity';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import type { AbsenceChanged, EpisodeMoved } from '../common/events/domain-event-map';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator';
import { ConflictError, RecordNotFoundError, UnprocessableError } from '../common/errors/domain-errors';
import { PairingService } from '../pairing/pairing.service';
import type { PeerWorker } from '../workforce/peer-workers/entities/peer-worker.entity';
import { PeerWorkerStatus } from '../workforce/peer-workers/peer-worker-status';
import type { ReadinessCondition } from '../workforce/peer-workers/readiness';
import { managesSite, PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { SitesService } from '../sites/sites.service';
import { ReadinessService } from '../workforce/readiness/readiness.service';
import { AbsenceWithoutCover } from './absence-without-cover';
import { CoverArrangements } from './cover-arrangements.service';
import { CoverPlanReader, type CoverPlan } from './cover-plan.reader';
import { CoverRefusedError } from './cover-refused.error';
import { brokenArrangementRule, coverStartsAt, coverWindow, OPEN_END, type CoverWindow } from './cover-rules';
import { CoverSuggestions } from './cover-suggestions';
import { CoverRepository } from './cover.repository';
import type { ArrangementRequest, ConfirmCoverPlanRequest } from './dto/cover.dto';

export type { AffectedEpisode, CoverPlan } from './cover-plan.reader';

/** A record another area says is not there reads as none (the rule then names the field). */
const notFoundAsNull = (error: unknown): null => {
  if (error instanceof RecordNotFoundError) return null;
  throw error;
};

/** One arrangement of a confirmation, checked against every rule before the transaction. */
interface CheckedArrangement {
  request: ArrangementRequest;
  index: number;
  reserve: PeerWorker | null;
  unmet: readonly ReadinessCondition[];
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
    private readonly cover: CoverRepository,
    private readonly absences: AbsenceService,
    private readonly pairing: PairingService,
    private readonly peerWorkers: PeerWorkersService,
    private readonly readiness: ReadinessService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly plans: CoverPlanReader,
    private readonly suggestions: CoverSuggestions,
    private readonly arrangements: CoverArrangements,
    private readonly withoutCover: AbsenceWithoutCover,
  ) {}

  /**
   * A plan generated at discharge (or resumed after a readmission) while cover runs is owned by the episode's
   * peer worker: cover applies to it at once, in the move's transaction — after the step-down plan's handler
   * (order 20), so the contacts exist by now.
   */
  @OnDomainEvent('episode.moved', { order: 30 })
  async coverNewPlan(manager: EntityManager, actor: Actor, { episode, to }: EpisodeMoved): Promise<void> {
    if (to !== 'community_support') return;
    const today = londonDate(new Date());
    for (const arrangement of await this.cover.activeArrangementsOfEpisode(episode.id, manager)) {
      const absence = await this.absences.findById(arrangement.absenceId, manager);
      await this.arrangements.followWindow(manager, actor, arrangement, coverWindow(absence, today));
    }
  }

  /** The absence changes: cover follows (and an absence starting without cover puts its episodes on the queue). */
  @OnDomainEvent('absence.changed', { order: 10 })
  async followAbsence(manager: EntityManager, actor: Actor, change: AbsenceChanged): Promise<void> {
    const { absence } = change;
    if (absence.subject !== 'peer_worker') return;
    const started = absence.state === 'active' && (change.change === 'recorded' || change.from === 'planned');
    if (started)
      await this.withoutCover.flag(
        manager,
        actor,
        absence,
        await this.plans.episodesNeedingArrangement(manager, absence),
      );
    const closed = change.change === 'transition' && (absence.state === 'ended' || absence.state === 'cancelled');
    if (closed) await this.withoutCover.resolveForAbsence(manager, actor, absence);
    const arrangements = await this.cover.arrangementsOfAbsence(absence.id, true, manager);
    if (arrangements.length === 0) return;
    if (closed) {
      for (const arrangement of arrangements) await this.arrangements.end(manager, actor, absence, arrangement);
      return;
    }
    if (change.change === 'expected_end') {
      const window = coverWindow(absence, londonDate(new Date()));
      for (const arrangement of arrangements) await this.arrangements.followWindow(manager, actor, arrangement, window);
    }
  }

  /** GET /absences/{id}/cover-plan: the coordinator of the absence's site. */
  async plan(actor: Actor, absenceId: string): Promise<CoverPlan> {
    const absence = await this.managedPeerWorkerAbsence(actor, absenceId);
    const plan = await this.plans.buildPlan(absence);
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
    const { caseloadCap } = await this.sites.settingsOf(absence.siteId);

    // Checked before the transaction: the rules that read other areas (readiness, ranking) open their own reads.
    const checked: CheckedArrangement[] = [];
    const seen = new Set<string>();
    const needingNow = await this.plans.episodesNeedingArrangement(this.dataSource.manager, absence);
    for (const [index, arrangement] of request.arrangements.entries()) {
      if (seen.has(arrangement.episodeId))
        throw new CoverRefusedError(
          'Each episode is arranged once',
          'episode_arranged_once',
          `arrangements[${index}].episodeId`,
        );
      seen.add(arrangement.episodeId);
      if (!needingNow.includes(arrangement.episodeId)) throw this.notNeeding(index);
      checked.push(await this.check(absence, term, window, arrangement, index));
    }

    await this.dataSource.transaction(async (manager) => {
      // One confirmation at a time per absence: the affected set is read under this lock.
      await this.absences.lockForUpdate(manager, absenceId);
      const needing = await this.plans.episodesNeedingArrangement(manager, absence);
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
      const context = {
        absence,
        term: term.term,
        window,
        startsAt: coverStartsAt(absence.startsOn, new Date()),
        caseloadCap,
      };
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
        await this.arrangements.start(manager, actor, context, request, reserve !== null);
      }
    });
    return this.plans.buildPlan(await this.absences.findById(absenceId));
  }

  /** Every rule one arrangement must meet: the term's arrangements, who may cover, the ranking, a re-pairing's hard rules. */
  private async check(
    absence: Absence,
    term: AbsenceTerm,
    window: CoverWindow,
    request: ArrangementRequest,
    index: number,
  ): Promise<CheckedArrangement> {
    const field = (name: string) => `arrangements[${index}].${name}`;
    const absentId = absence.peerWorkerId!;
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
    if (covering)
      await this.suggestions.assertSuggested(
        request.episodeId,
        absentId,
        term,
        window,
        covering.id,
        field('peerWorkerId'),
      );
    if (request.arrangement === 'repair') {
      if (!(await this.pairing.holdsOpenPairing(request.episodeId, absentId, 'primary'))) {
        throw new CoverRefusedError(
          'The absent peer worker covers this episode for a colleague: it is covered in turn, not re-paired',
          'repair_primary_only',
          field('arrangement'),
        );
      }
      await this.pairing.assertPairable({ siteId: absence.siteId }, covering!.id);
      // A re-pairing is for good: the same hard rules as POST …/pair, on the window the suggestions were ranked for.
      await this.suggestions.assertRepairable(request.episodeId, covering!.id, term, window, field('peerWorkerId'));
    }
    const reserve = covering?.status === PeerWorkerStatus.Reserve ? covering : null;
    return { request, index, reserve, unmet: reserve ? (await this.readiness.readinessOf(reserve)).unmet : [] };
  }

  private notNeeding(index: number): CoverRefusedError {
    return new CoverRefusedError(
      'The episode is not one of the absent peer worker’s episodes still needing an arrangement',
      'episode_needs_arrangement',
      `arrangements[${index}].episodeId`,
    );
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
