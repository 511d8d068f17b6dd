import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, IsNull, LessThanOrEqual, Not, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { DomainEvent as OutboxRow } from '../scheduling/outbox/outbox.service';
import { DomainEvents } from '../common/events/domain-events.service';
import type { Actor } from '../common/auth/actor';
import {
  ConflictError,
  ForbiddenTransitionError,
  RecordNotFoundError,
  UnprocessableError,
} from '../common/errors/domain-errors';
import { Page, paginateByCreation } from '../common/pagination/page';
import { ServiceUser } from '../service-users/entities/service-user.entity';
import { ServiceUserScopes } from '../service-users/service-user-scope.service';
import { ServiceUsersService } from '../service-users/service-users.service';
import type { SiteSettings } from '../sites/site-settings';
import { SitesService } from '../sites/sites.service';
import { AllocationService } from './allocation/allocation.service';
import { stratumOf } from '../common/vocabulary/diagnosis';
import {
  DischargeRequest,
  EndingRequest,
  ReadmissionRequest,
  ReferralRequest,
  SupportEpisodeQuery,
} from './dto/support-episode.dto';
import { assessEligibility, EligibilityAssessment, EligibilityRules } from './eligibility';
import { SupportEpisode } from './entities/support-episode.entity';
import { SupportEpisodeTransition } from './entities/support-episode-transition.entity';
import { Readmission } from './entities/readmission.entity';
import {
  EndingReason,
  isDischargeMove,
  PAUSABLE_STATES,
  PausableState,
  SupportEpisodeFacts,
  supportEpisodeMachine,
  SupportEpisodeState,
  startsCommunitySupport,
} from './support-episode.state-machine';
import { EpisodesRepository } from './episodes.repository';
import { dischargeRefusal, indexDischargeOf, readmissionRefusal } from './ward-stay-rules';

const LONDON = 'Europe/London';
const todayInLondon = () => DateTime.now().setZone(LONDON).toISODate()!;

/** A referral that fails the site's eligibility rules: 422 with every check explained. */
export class IneligibleReferralError extends UnprocessableError {
  constructor(assessment: EligibilityAssessment) {
    const failed = assessment.checks.filter((c) => !c.passed);
    super(`The service user is not eligible: ${failed.map((c) => c.explain).join('; ')}`);
    Object.assign(this.extensions, { rule: 'eligibility', eligibility: assessment });
  }
}

/** Both arms' follow-up record: the index discharge, the follow-up horizon and every readmission. */
export interface FollowUpRecord {
  episode: SupportEpisode;
  indexDischargeOn: string | null;
  followUpDays: number;
  followUpEndsOn: string | null;
  readmissions: Readmission[];
}

/** Facts a later step records as it moves the episode (first ward meeting, pairing, discharge …). */
export interface EpisodeChange {
  /** Why, in words, for the transition history. */
  reason?: string;
  endingReason?: EndingReason;
  firstWardMeetingAt?: Date;
  peerWorkerId?: string;
  dischargedOn?: string;
  readmittedOn?: string;
}

export const eligibilityRulesOf = (settings: SiteSettings): EligibilityRules => ({
  minimumAgeYears: settings.eligibilityMinimumAgeYears,
  minPreviousAdmissions: settings.eligibilityMinPreviousAdmissions,
  previousAdmissionLookbackMonths: settings.eligibilityAdmissionLookbackMonths,
  excludedDiagnosisGroups: settings.eligibilityExcludedDiagnosisGroups,
});

/** Support episodes: referral (with eligibility), allocation, and every move of the workflow. */
@Injectable()
export class SupportEpisodesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly serviceUsers: ServiceUsersService,
    private readonly scopes: ServiceUserScopes,
    private readonly sites: SitesService,
    private readonly allocations: AllocationService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly episodes: EpisodesRepository,
  ) {}

  /** The site's rules applied to a would-be referral, without referring (nothing is written but the audit). */
  async checkEligibility(actor: Actor, request: ReferralRequest): Promise<EligibilityAssessment> {
    const serviceUser = await this.serviceUsers.findVisible(
      actor,
      request.serviceUserId,
      'support_episode.eligibility_check',
    );
    const assessment = await this.assess(serviceUser, request);
    await this.audit.record({
      actor,
      action: 'support_episode.eligibility_check',
      resourceType: 'service_user',
      resourceId: serviceUser.id,
      serviceUserId: serviceUser.id,
      details: { eligible: assessment.eligible },
    });
    return assessment;
  }

  async refer(actor: Actor, request: ReferralRequest): Promise<SupportEpisode> {
    const serviceUser = await this.serviceUsers.findVisible(actor, request.serviceUserId, 'support_episode.refer');
    const referredOn = request.referredOn ?? todayInLondon();
    if (referredOn > todayInLondon()) throw new UnprocessableError('referredOn is in the future', 'referredOn');
    const assessment = await this.assess(serviceUser, { ...request, referredOn });
    if (!assessment.eligible) {
      await this.audit.record({
        actor,
        action: 'support_episode.refer',
        resourceType: 'service_user',
        resourceId: serviceUser.id,
        serviceUserId: serviceUser.id,
        outcome: 'failed',
        details: { failedRules: assessment.checks.filter((c) => !c.passed).map((c) => c.rule) },
      });
      throw new IneligibleReferralError(assessment);
    }
    return this.dataSource
      .transaction((manager) => this.openReferral(manager, actor, serviceUser, request, referredOn, assessment))
      .catch((error: unknown) => {
        throw isOneOpenEpisodeViolation(error) ? oneOpenEpisode() : error;
      });
  }

  /**
   * A ward system's admission of a service user with no open episode refers them, in the caller's
   * transaction (the ward event's own): the site's eligibility rules apply as for any referral. Returns
   * the episode (state `referred`), or the assessment when the rules are not met (nothing is written).
   * The caller has found the service user on its own sites and locked out a second open episode.
   */
  async referOnAdmission(
    manager: EntityManager,
    actor: Actor,
    serviceUser: ServiceUser,
    request: Omit<ReferralRequest, 'serviceUserId'> & { referredOn: string },
  ): Promise<{ episode: SupportEpisode } | { ineligible: EligibilityAssessment }> {
    const full = { ...request, serviceUserId: serviceUser.id };
    const assessment = await this.assess(serviceUser, full);
    if (!assessment.eligible) return { ineligible: assessment };
    return { episode: await this.openReferral(manager, actor, serviceUser, full, request.referredOn, assessment) };
  }

  private async openReferral(
    manager: EntityManager,
    actor: Actor,
    serviceUser: ServiceUser,
    request: ReferralRequest,
    referredOn: string,
    assessment: EligibilityAssessment,
  ): Promise<SupportEpisode> {
    const open = await this.episodes.hasOpenEpisode(serviceUser.id, manager);
    if (open) throw oneOpenEpisode();
    const episode = await manager.save(
      manager.create(SupportEpisode, {
        serviceUserId: serviceUser.id,
        siteId: serviceUser.siteId,
        state: 'referred',
        referredOn,
        referredById: actor.id,
        primaryDiagnosisGroup: request.primaryDiagnosisGroup,
        diagnosticStratum: stratumOf(request.primaryDiagnosisGroup),
        previousAdmissionDates: request.previousAdmissionDates,
        eligibility: assessment,
      }),
    );
    await manager.insert(SupportEpisodeTransition, {
      episodeId: episode.id,
      fromState: null,
      toState: 'referred',
      actorId: actor.id,
      reason: 'Referral',
    });
    await this.audit.record(
      {
        actor,
        action: 'support_episode.refer',
        resourceType: 'support_episode',
        resourceId: episode.id,
        serviceUserId: serviceUser.id,
      },
      manager,
    );
    await this.events.emit(manager, actor, 'episode.referred', { episode });
    return episode;
  }

  async list(actor: Actor, query: SupportEpisodeQuery): Promise<Page<SupportEpisode>> {
    const scope = await this.scopes.of(actor);
    const qb = this.dataSource.getRepository(SupportEpisode).createQueryBuilder('e');
    if (ServiceUserScopes.episodesNeedServiceUser(scope)) qb.innerJoin(ServiceUser, 'su', 'su.id = e.serviceUserId');
    ServiceUserScopes.restrictEpisodes(qb, 'e', 'su', scope);
    if (query.serviceUserId) qb.andWhere('e.serviceUserId = :serviceUserId', { serviceUserId: query.serviceUserId });
    if (query.state) qb.andWhere('e.state = :state', { state: query.state });
    const page = await paginateByCreation(qb, 'e', query, { joinsMatchOne: true });
    await this.audit.recordList(
      actor,
      'support_episode',
      page.items.map((e) => e.id),
      { count: page.items.length },
      page.items.map((e) => e.serviceUserId),
    );
    return page;
  }

  async get(actor: Actor, id: string): Promise<SupportEpisode> {
    const episode = await this.findVisible(actor, id, 'support_episode.read');
    await this.audit.record({
      actor,
      action: 'support_episode.read',
      resourceType: 'support_episode',
      resourceId: id,
      serviceUserId: episode.serviceUserId,
    });
    return episode;
  }

  async history(actor: Actor, id: string): Promise<SupportEpisodeTransition[]> {
    const episode = await this.findVisible(actor, id, 'support_episode.history');
    const rows = await this.dataSource
      .getRepository(SupportEpisodeTransition)
      .find({ where: { episodeId: id }, order: { occurredAt: 'ASC', createdAt: 'ASC' } });
    await this.audit.record({
      actor,
      action: 'support_episode.history',
      resourceType: 'support_episode',
      resourceId: id,
      serviceUserId: episode.serviceUserId,
    });
    return rows;
  }

  /**
   * Allocate a referred service user: `none` sends every consented service user to awaiting_pairing;
   * `randomised` draws the next place in the (site, diagnostic stratum) sequence.
   */
  async allocate(actor: Actor, id: string): Promise<SupportEpisode> {
    await this.findVisible(actor, id, 'support_episode.allocate');
    return this.dataSource.transaction(async (manager) => {
      const episode = await this.lock(manager, id);
      const { allocation: method } = await this.sites.settingsOf(episode.siteId, manager);
      if (episode.state !== 'referred')
        throw new ForbiddenTransitionError(
          'support episode',
          episode.state,
          'awaiting_pairing',
          'transition_not_in_table',
          'Only a referred support episode is allocated',
        );
      if (method === 'randomised') {
        // Consent first: a place in the sequence is used only for someone who can take either arm.
        const facts = await this.factsOf(manager, { ...episode, allocationMethod: 'randomised' });
        for (const [held, rule, explain] of [
          [facts.researchConsent, 'research_consent', 'Randomisation needs the service user’s consent to the research'],
          [
            facts.peerSupportConsent,
            'peer_support_consent',
            'Randomisation needs the service user’s consent to peer support',
          ],
        ] as const) {
          if (!held) throw new ForbiddenTransitionError('support episode', 'referred', 'allocated', rule, explain);
        }
        const allocation = await this.allocations.randomise(manager, actor, episode);
        Object.assign(episode, {
          allocationMethod: 'randomised',
          allocatedArm: allocation.arm,
          allocatedAt: allocation.allocatedAt ?? new Date(),
        });
        const to = allocation.arm === 'peer_support' ? 'awaiting_pairing' : 'allocated_usual_care';
        return this.apply(
          manager,
          actor,
          episode,
          to,
          `Randomised (${episode.diagnosticStratum} stratum, place ${allocation.sequenceNumber + 1})`,
        );
      }
      Object.assign(episode, { allocationMethod: 'none', allocatedArm: null, allocatedAt: new Date() });
      return this.apply(manager, actor, episode, 'awaiting_pairing', 'Routine service: no randomisation');
    });
  }

  /** Trial audit of a site's randomisation (admins): counts per stratum and whether each reproduces from its seed. */
  async auditAllocation(actor: Actor, siteId: string) {
    await this.sites.get(actor, siteId);
    const strata = await this.allocations.verify(siteId);
    await this.audit.record({
      actor,
      action: 'allocation.audit',
      resourceType: 'site',
      resourceId: siteId,
      details: { strata: strata.length },
    });
    return strata;
  }

  async end(actor: Actor, id: string, request: EndingRequest): Promise<SupportEpisode> {
    await this.findVisible(actor, id, 'support_episode.transition');
    const reason = request.note ? `${request.endingReason}: ${request.note}` : request.endingReason;
    return this.transition(actor, id, 'ended', { endingReason: request.endingReason, reason });
  }

  /**
   * The ward records a readmission. During community support or the step-down it pauses the episode; after
   * any other discharge (before pairing, for usual care, after the episode ended) it is kept as an outcome
   * and the episode's state does not change.
   */
  async recordReadmission(actor: Actor, id: string, request: ReadmissionRequest): Promise<SupportEpisode> {
    await this.findVisible(actor, id, 'support_episode.transition');
    if (request.readmittedOn > todayInLondon())
      throw new UnprocessableError('readmittedOn is in the future', 'readmittedOn');
    const { episode } = await this.dataSource.transaction((manager) =>
      this.readmitWithin(manager, actor, id, request.readmittedOn, 'Readmitted'),
    );
    return episode;
  }

  /**
   * Record a readmission in the caller's transaction (the ward-event feed too): `paused` when it paused
   * support. Refused (409, naming the rule) without a discharge to follow, or dated before it.
   */
  async readmitWithin(
    manager: EntityManager,
    actor: Actor,
    id: string,
    readmittedOn: string,
    reason: string,
  ): Promise<{ episode: SupportEpisode; paused: boolean }> {
    const episode = await this.lock(manager, id);
    const alreadyAfterEnding =
      episode.state === 'ended' && episode.dischargedOn !== null
        ? await manager.existsBy(Readmission, {
            episodeId: episode.id,
            afterDischargeOn: episode.dischargedOn,
            dischargedAgainOn: IsNull(),
            episodeState: 'ended',
          })
        : false;
    const broken = readmissionRefusal(episode, readmittedOn, alreadyAfterEnding);
    if (broken)
      throw new ForbiddenTransitionError('support episode', episode.state, 'readmitted', broken.rule, broken.explain);
    if ((PAUSABLE_STATES as readonly SupportEpisodeState[]).includes(episode.state)) {
      episode.readmittedOn = readmittedOn;
      return { episode: await this.apply(manager, actor, episode, 'readmitted', reason), paused: true };
    }
    // Kept as an outcome. An ended episode is not changed; an open one (before pairing, usual care) notes the
    // date, so pairing it now starts on the ward again.
    const readmission = await this.insertReadmission(manager, actor, episode, readmittedOn, null);
    const saved = episode.state === 'ended' ? episode : await manager.save(Object.assign(episode, { readmittedOn }));
    await this.audit.record(
      {
        actor,
        action: 'support_episode.readmission',
        resourceType: 'support_episode',
        resourceId: episode.id,
        serviceUserId: episode.serviceUserId,
        details: {
          state: episode.state,
          readmittedOn,
          afterDischargeOn: readmission.afterDischargeOn,
          withinFollowUp: readmission.withinFollowUp,
          reason,
        },
      },
      manager,
    );
    return { episode: saved, paused: false };
  }

  /**
   * The episode a readmission of this service user is recorded against when none is open: their latest
   * ended episode with a discharge (null if none). Locked in the caller's transaction.
   */
  async latestDischargedEpisodeOf(manager: EntityManager, serviceUserId: string): Promise<SupportEpisode | null> {
    return manager.findOne(SupportEpisode, {
      where: { serviceUserId, state: 'ended', dischargedOn: Not(IsNull()) },
      order: { dischargedOn: 'DESC', createdAt: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The episode's readmissions with its index discharge and follow-up window (both arms' follow-up record). */
  async readmissionsOf(actor: Actor, id: string): Promise<FollowUpRecord> {
    const episode = await this.findVisible(actor, id, 'support_episode.readmissions');
    const readmissions = await this.dataSource
      .getRepository(Readmission)
      .find({ where: { episodeId: id }, order: { readmittedOn: 'ASC', createdAt: 'ASC' } });
    const { readmissionFollowUpDays } = await this.sites.settingsOf(episode.siteId);
    const indexDischargeOn = indexDischargeOf(episode, readmissions);
    await this.audit.record({
      actor,
      action: 'support_episode.readmissions',
      resourceType: 'support_episode',
      resourceId: id,
      serviceUserId: episode.serviceUserId,
      details: { count: readmissions.length },
    });
    return {
      episode,
      indexDischargeOn,
      followUpDays: readmissionFollowUpDays,
      followUpEndsOn: indexDischargeOn
        ? DateTime.fromISO(indexDischargeOn).plus({ days: readmissionFollowUpDays }).toISODate()!
        : null,
      readmissions,
    };
  }

  /**
   * The ward records the actual discharge date: ward support moves to community support, and a
   * readmission pause returns to where it left off.
   */
  async recordDischarge(actor: Actor, id: string, request: DischargeRequest): Promise<SupportEpisode> {
    await this.findVisible(actor, id, 'support_episode.transition');
    if (request.dischargedOn > todayInLondon())
      throw new UnprocessableError('dischargedOn is in the future', 'dischargedOn');
    return this.dataSource.transaction((manager) =>
      this.dischargeWithin(manager, actor, id, request.dischargedOn, 'Discharged'),
    );
  }

  /**
   * Record a discharge in the caller's transaction (the ward-event feed too), decided on the locked row so a
   * concurrent move cannot send the episode the wrong way. From any open state before the community: paired
   * (first ward meeting held or not) starts community support — the move writes `episode.discharged` to the
   * outbox and generates the community plan from the discharge date; before pairing it is recorded where the
   * episode is (the urgent-pairing queue). A readmission pause returns to where it left off.
   */
  async dischargeWithin(
    manager: EntityManager,
    actor: Actor,
    id: string,
    dischargedOn: string,
    reason: string,
  ): Promise<SupportEpisode> {
    const episode = await this.lock(manager, id);
    const broken = dischargeRefusal(episode, dischargedOn);
    if (broken)
      throw new ForbiddenTransitionError('support episode', episode.state, 'discharged', broken.rule, broken.explain);
    const to = dischargeTargetOf(episode);
    const why =
      episode.firstWardMeetingAt === null && to !== 'allocated_usual_care'
        ? `${reason} (before the first ward meeting${episode.peerWorkerId ? '' : ', before pairing'})`
        : reason;
    episode.dischargedOn = dischargedOn;
    return this.apply(manager, actor, episode, to, why);
  }

  /**
   * Move an episode, recording who, when, why, from and to. For other areas (first ward meeting,
   * pairing, step-down): they have checked the caller's access to the episode. Runs in `manager`'s
   * transaction when given, so the move commits with the caller's own writes.
   */
  async transition(
    actor: Actor,
    id: string,
    to: SupportEpisodeState | ((episode: SupportEpisode) => SupportEpisodeState),
    change: EpisodeChange = {},
    manager?: EntityManager,
  ): Promise<SupportEpisode> {
    const run = async (m: EntityManager) => {
      const episode = await this.lock(m, id);
      const target = typeof to === 'function' ? to(episode) : to;
      const { reason, ...facts } = change;
      Object.assign(episode, facts);
      return this.apply(m, actor, episode, target, reason ?? null);
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /**
   * An episode by id with no caller scope, for other areas that check access their own way (the
   * step-down plan lets the paired peer worker in); with `manager` and `lock`, the row is locked.
   */
  async findForArea(id: string, manager?: EntityManager, lock = false): Promise<SupportEpisode> {
    const m = manager ?? this.dataSource.manager;
    const episode = await m.findOne(SupportEpisode, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!episode) throw new RecordNotFoundError('Support episode', id);
    return episode;
  }

  /** Check the move against the table and its guards, then record it. */
  private async apply(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    to: SupportEpisodeState,
    reason: string | null,
  ): Promise<SupportEpisode> {
    const from = episode.state;
    supportEpisodeMachine.assert(from, to, await this.factsOf(manager, episode));
    if (to === 'readmitted') episode.pausedFrom = from as 'community_support' | 'step_down';
    else if (from === 'readmitted') episode.pausedFrom = null;
    if (to === 'ended') episode.endedAt = new Date();
    else episode.endingReason = null;
    episode.state = to;
    const saved = await manager.save(episode);
    await manager.insert(SupportEpisodeTransition, {
      episodeId: episode.id,
      fromState: from,
      toState: to,
      actorId: actor.id,
      reason,
    });
    await this.audit.record(
      {
        actor,
        action: 'support_episode.transition',
        resourceType: 'support_episode',
        resourceId: episode.id,
        serviceUserId: episode.serviceUserId,
        details: { from, to, ...(episode.endingReason ? { endingReason: episode.endingReason } : {}) },
      },
      manager,
    );
    await this.recordReadmissionFacts(manager, actor, saved, from, to);
    await this.events.emit(
      manager,
      actor,
      'episode.moved',
      { episode: saved, from, to, reason },
      { outbox: this.laterWorkOf(saved, from, to) },
    );
    return saved;
  }

  /** Readmissions are kept, with the discharge they followed, for outcome reporting; the next discharge closes them. */
  private async recordReadmissionFacts(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    from: SupportEpisodeState,
    to: SupportEpisodeState,
  ): Promise<void> {
    // A readmission leaves dischargedOn alone: it is still the discharge the readmission followed.
    if (to === 'readmitted' && episode.readmittedOn && episode.dischargedOn) {
      await this.insertReadmission(manager, actor, episode, episode.readmittedOn, from as PausableState);
    } else if (episode.dischargedOn && isDischargeMove(from, to)) {
      // The discharge after a readmission (a pause, or one kept for an episode before pairing or in usual care).
      await manager.update(
        Readmission,
        { episodeId: episode.id, dischargedAgainOn: IsNull(), readmittedOn: LessThanOrEqual(episode.dischargedOn) },
        { dischargedAgainOn: episode.dischargedOn },
      );
    }
  }

  /** One readmission row: the discharge it followed, days since it, and whether it is within follow-up. */
  private async insertReadmission(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    readmittedOn: string,
    pausedFrom: PausableState | null,
  ): Promise<Readmission> {
    const afterDischargeOn = episode.dischargedOn!;
    const earlier = await manager.find(Readmission, { where: { episodeId: episode.id } });
    const indexDischargeOn = indexDischargeOf(episode, earlier)!;
    const { readmissionFollowUpDays } = await this.sites.settingsOf(episode.siteId, manager);
    const daysBetween = (a: string, b: string) =>
      Math.round(DateTime.fromISO(b).diff(DateTime.fromISO(a), 'days').days);
    return manager.save(
      manager.create(Readmission, {
        episodeId: episode.id,
        serviceUserId: episode.serviceUserId,
        readmittedOn,
        afterDischargeOn,
        daysSinceDischarge: daysBetween(afterDischargeOn, readmittedOn),
        pausedFrom,
        episodeState: episode.state,
        withinFollowUp: daysBetween(indexDischargeOn, readmittedOn) <= readmissionFollowUpDays,
        recordedById: actor.id,
        dischargedAgainOn: null,
      }),
    );
  }

  /** The facts later work needs (reminders, telling the peer worker, reports): discharge, readmission and ending. */
  private laterWorkOf(episode: SupportEpisode, from: SupportEpisodeState, to: SupportEpisodeState): OutboxRow[] {
    const base = { aggregateType: 'support_episode', aggregateId: episode.id };
    const payload = {
      episodeId: episode.id,
      serviceUserId: episode.serviceUserId,
      siteId: episode.siteId,
      peerWorkerId: episode.peerWorkerId,
    };
    // Into the community: from the ward (first ward meeting held or not), after a readmission, or by pairing
    // someone already discharged. The first-community-meeting reminder counts from the real discharge date.
    if (startsCommunitySupport(from, to) || (from === 'readmitted' && isDischargeMove(from, to))) {
      return [
        {
          ...base,
          type: 'episode.discharged',
          payload: {
            ...payload,
            dischargedOn: episode.dischargedOn,
            resumed: from === 'readmitted',
            beforeWardMeeting: episode.firstWardMeetingAt === null,
            pairedAfterDischarge: from === 'awaiting_pairing',
          },
        },
      ];
    } else if (to === 'readmitted') {
      return [
        {
          ...base,
          type: 'episode.readmitted',
          payload: { ...payload, readmittedOn: episode.readmittedOn, pausedFrom: episode.pausedFrom },
        },
      ];
    } else if (to === 'ended') {
      return [{ ...base, type: 'episode.ended', payload: { ...payload, endingReason: episode.endingReason } }];
    }
    return [];
  }

  private async factsOf(manager: EntityManager, episode: SupportEpisode): Promise<SupportEpisodeFacts> {
    const allocationMode =
      episode.allocationMethod ?? (await this.sites.settingsOf(episode.siteId, manager)).allocation;
    return {
      allocationMode,
      allocatedArm: episode.allocatedArm,
      peerSupportConsent: await this.serviceUsers.hasActiveConsent(episode.serviceUserId, 'peer_support', manager),
      researchConsent: await this.serviceUsers.hasActiveConsent(episode.serviceUserId, 'research', manager),
      peerWorkerId: episode.peerWorkerId,
      firstWardMeetingAt: episode.firstWardMeetingAt,
      dischargedOn: episode.dischargedOn,
      readmittedOn: episode.readmittedOn,
      pausedFrom: episode.pausedFrom,
      endingReason: episode.endingReason,
    };
  }

  /**
   * Re-pairing: swap the peer worker of an episode that already has one, with no change of state. The
   * caller (pairing) has locked the episode, checked access and recorded the pairing history.
   */
  async replacePeerWorker(
    manager: EntityManager,
    actor: Actor,
    id: string,
    peerWorkerId: string,
    reason: string,
  ): Promise<SupportEpisode> {
    const episode = await this.lock(manager, id);
    if (!(REPAIRABLE_STATES as readonly SupportEpisodeState[]).includes(episode.state)) {
      throw new ForbiddenTransitionError(
        'support episode',
        episode.state,
        episode.state,
        'repairing_needs_a_paired_episode',
        'Only an episode that already has a peer worker can be re-paired',
      );
    }
    if (!(await this.serviceUsers.hasActiveConsent(episode.serviceUserId, 'peer_support', manager))) {
      throw new ForbiddenTransitionError(
        'support episode',
        episode.state,
        episode.state,
        'peer_support_consent',
        'The service user has no consent to peer support in force',
      );
    }
    const previous = episode.peerWorkerId;
    episode.peerWorkerId = peerWorkerId;
    const saved = await manager.save(episode);
    await this.audit.record(
      {
        actor,
        action: 'support_episode.repair',
        resourceType: 'support_episode',
        resourceId: id,
        serviceUserId: episode.serviceUserId,
        details: { previousPeerWorkerId: previous, peerWorkerId, reason },
      },
      manager,
    );
    return saved;
  }

  /** An episode by id with no caller scope: for other areas' rules (pairing suggestions for cover), never for HTTP reads. */
  async findById(id: string): Promise<SupportEpisode> {
    const episode = await this.dataSource.getRepository(SupportEpisode).findOneBy({ id });
    if (!episode) throw new RecordNotFoundError('Support episode', id);
    return episode;
  }

  /** The service user's open support episode (at most one), locked in the caller's transaction; null when none is open. */
  async lockOpenEpisodeOf(manager: EntityManager, serviceUserId: string): Promise<SupportEpisode | null> {
    return this.episodes.lockOpenEpisodeOf(serviceUserId, manager);
  }

  /** Lock the episode row in the caller's transaction. */
  async lock(manager: EntityManager, id: string): Promise<SupportEpisode> {
    const episode = await manager.findOne(SupportEpisode, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!episode) throw new RecordNotFoundError('Support episode', id);
    return episode;
  }

  private async assess(serviceUser: ServiceUser, request: ReferralRequest): Promise<EligibilityAssessment> {
    const settings = await this.sites.settingsOf(serviceUser.siteId);
    return assessEligibility(eligibilityRulesOf(settings), {
      dateOfBirth: serviceUser.dateOfBirth,
      referredOn: request.referredOn ?? todayInLondon(),
      previousAdmissionDates: request.previousAdmissionDates,
      primaryDiagnosisGroup: request.primaryDiagnosisGroup,
    });
  }

  /**
   * The episode if the caller's scope covers it (its service user's site or ward, or a pairing with this
   * episode); otherwise 404, audited as denied. For other areas too (pairing, delivery).
   */
  async findVisible(actor: Actor, id: string, action: string): Promise<SupportEpisode> {
    const episode = await this.dataSource.getRepository(SupportEpisode).findOneBy({ id });
    const serviceUser = episode
      ? await this.dataSource.getRepository(ServiceUser).findOneBy({ id: episode.serviceUserId })
      : null;
    if (episode && serviceUser && ServiceUserScopes.coversEpisode(await this.scopes.of(actor), episode.id, serviceUser))
      return episode;
    await this.audit.record({
      actor,
      action,
      resourceType: 'support_episode',
      resourceId: id,
      serviceUserId: episode?.serviceUserId ?? null,
      outcome: 'denied',
    });
    throw new RecordNotFoundError('Support episode', id);
  }
}

/**
 * Where a discharge takes an open episode: a readmission pause returns to where it left off; a paired
 * episode (first ward meeting held or not) starts community support; before pairing (referred, usual care,
 * awaiting pairing) the discharge is recorded where the episode is. Anything else (already in the community,
 * ended) is a self-move the table does not have, so it is refused naming transition_not_in_table.
 */
export function dischargeTargetOf(e: Pick<SupportEpisode, 'state' | 'pausedFrom'>): SupportEpisodeState {
  if (e.state === 'readmitted') return e.pausedFrom ?? 'community_support';
  if (e.state === 'paired' || e.state === 'ward_support') return 'community_support';
  // Before pairing: recorded where the episode is. In the community, stepping down or ended: not in the table.
  return e.state;
}

/** Two referrals racing past the check meet the partial unique index instead. */
export const isOneOpenEpisodeViolation = (error: unknown): boolean =>
  error instanceof QueryFailedError &&
  (error.driverError as { constraint?: string }).constraint === 'uq_support_episodes_one_open_per_service_user';

/** A referral refused because the service user has an open episode: by the check, or by the index in a race. */
export const isOneOpenEpisodeRefusal = (error: unknown): boolean =>
  isOneOpenEpisodeViolation(error) ||
  (error instanceof ConflictError && error.extensions.rule === 'one_open_episode_per_service_user');

/** States in which an episode has a peer worker, so pairing again swaps them (re-pairing). */
export const REPAIRABLE_STATES = [
  'paired',
  'ward_support',
  'community_support',
  'step_down',
  'readmitted',
] as const satisfies readonly SupportEpisodeState[];

const oneOpenEpisode = () =>
  new ConflictError('The service user already has an open support episode', 'one_open_episode_per_service_user');
