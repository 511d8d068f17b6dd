import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { ConflictError, UnprocessableError } from '../common/errors/domain-errors';
import { DomainEvents } from '../common/events/domain-events.service';
import { stratumOf } from '../common/vocabulary/diagnosis';
import type { ServiceUser } from '../service-users/entities/service-user.entity';
import { ServiceUsersService } from '../service-users/service-users.service';
import type { SiteSettings } from '../sites/site-settings';
import { SitesService } from '../sites/sites.service';
import type { ReferralRequest } from './dto/support-episode.dto';
import { assessEligibility, EligibilityAssessment, EligibilityRules } from './eligibility';
import { SupportEpisode } from './entities/support-episode.entity';
import { SupportEpisodeTransition } from './entities/support-episode-transition.entity';
import { EpisodesRepository } from './episodes.repository';

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

export const eligibilityRulesOf = (settings: SiteSettings): EligibilityRules => ({
  minimumAgeYears: settings.eligibilityMinimumAgeYears,
  minPreviousAdmissions: settings.eligibilityMinPreviousAdmissions,
  previousAdmissionLookbackMonths: settings.eligibilityAdmissionLookbackMonths,
  excludedDiagnosisGroups: settings.eligibilityExcludedDiagnosisGroups,
});

/** Referral: the site's eligibility rules, then a support episode in its first state (`referred`). */
@Injectable()
export class EpisodeReferrals {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly serviceUsers: ServiceUsersService,
    private readonly sites: SitesService,
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

  private async assess(serviceUser: ServiceUser, request: ReferralRequest): Promise<EligibilityAssessment> {
    const settings = await this.sites.settingsOf(serviceUser.siteId);
    return assessEligibility(eligibilityRulesOf(settings), {
      dateOfBirth: serviceUser.dateOfBirth,
      referredOn: request.referredOn ?? todayInLondon(),
      previousAdmissionDates: request.previousAdmissionDates,
      primaryDiagnosisGroup: request.primaryDiagnosisGroup,
    });
  }
}

/** Two referrals racing past the check meet the partial unique index instead. */
export const isOneOpenEpisodeViolation = (error: unknown): boolean =>
  error instanceof QueryFailedError &&
  (error.driverError as { constraint?: string }).constraint === 'uq_support_episodes_one_open_per_service_user';

/** A referral refused because the service user has an open episode: by the check, or by the index in a race. */
export const isOneOpenEpisodeRefusal = (error: unknown): boolean =>
  isOneOpenEpisodeViolation(error) ||
  (error instanceof ConflictError && error.extensions.rule === 'one_open_episode_per_service_user');

const oneOpenEpisode = () =>
  new ConflictError('The service user already has an open support episode', 'one_open_episode_per_service_user');
