import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { ApiProblemResponses } from '../common/http/api-problem-responses';
import {
  AllocationAuditResponse,
  DischargeRequest,
  EligibilityResponse,
  EndingRequest,
  FollowUpResponse,
  ReadmissionRequest,
  ReferralRequest,
  SupportEpisodePage,
  SupportEpisodeQuery,
  SupportEpisodeResponse,
  TransitionResponse,
} from './dto/support-episode.dto';
import { ScopedEpisodes } from './scoped-episodes';
import { EpisodeReferrals } from './episode-referrals';
import { EpisodeWardStays } from './episode-ward-stays';
import { SupportEpisodesService } from './support-episodes.service';

const READERS = [Role.Admin, Role.Coordinator, Role.WardStaff, Role.PeerWorker, Role.Integration] as const;
const NOT_IN_SCOPE = 'No such support episode within your scope (existence is not revealed)';
const FORBIDDEN_MOVE = 'The workflow forbids this move; `rule` names the rule';

@ApiTags('Support episodes')
@Controller('support-episodes')
export class SupportEpisodesController {
  constructor(
    private readonly episodes: SupportEpisodesService,
    private readonly reads: ScopedEpisodes,
    private readonly referrals: EpisodeReferrals,
    private readonly wardStays: EpisodeWardStays,
  ) {}

  @Post()
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff, Role.Integration)
  @ApiOperation({
    summary: 'Refer a service user for peer support',
    description: 'Checks the site’s eligibility rules and explains any that fail.',
  })
  @ApiCreatedResponse({ type: SupportEpisodeResponse })
  @ApiNotFoundResponse({ description: 'No such service user within your scope' })
  @ApiConflictResponse({ description: 'The service user already has an open support episode' })
  @ApiUnprocessableEntityResponse({ description: 'Not eligible: `eligibility.checks` explains each rule' })
  @ApiProblemResponses()
  async refer(@CurrentActor() actor: Actor, @Body() body: ReferralRequest): Promise<SupportEpisodeResponse> {
    return SupportEpisodeResponse.from(await this.referrals.refer(actor, body));
  }

  @Post('eligibility-check')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff, Role.Integration)
  @ApiOperation({ summary: 'Check a would-be referral against the site’s eligibility rules, without referring' })
  @ApiOkResponse({ type: EligibilityResponse })
  @ApiNotFoundResponse({ description: 'No such service user within your scope' })
  @ApiProblemResponses()
  async checkEligibility(@CurrentActor() actor: Actor, @Body() body: ReferralRequest): Promise<EligibilityResponse> {
    return this.referrals.checkEligibility(actor, body);
  }

  @Get()
  @Access(...READERS)
  @ApiOperation({ summary: 'List the support episodes within your scope' })
  @ApiOkResponse({ type: SupportEpisodePage })
  @ApiProblemResponses()
  async list(@CurrentActor() actor: Actor, @Query() query: SupportEpisodeQuery): Promise<SupportEpisodePage> {
    const page = await this.reads.list(actor, query);
    return { items: page.items.map(SupportEpisodeResponse.from), nextCursor: page.nextCursor };
  }

  @Get('allocation-audit')
  @Access(Role.Admin)
  @ApiOperation({
    summary: 'Audit a site’s randomisation',
    description:
      'Regenerates each stratum’s sequence from its stored seed and checks it against the allocations recorded. Never returns the seed or a future allocation.',
  })
  @ApiOkResponse({ type: AllocationAuditResponse })
  @ApiNotFoundResponse({ description: 'No such site' })
  @ApiProblemResponses()
  async auditAllocation(
    @CurrentActor() actor: Actor,
    @Query('siteId', ParseUUIDPipe) siteId: string,
  ): Promise<AllocationAuditResponse> {
    return { siteId, strata: await this.episodes.auditAllocation(actor, siteId) };
  }

  @Get(':id')
  @Access(...READERS)
  @ApiOperation({ summary: 'Read a support episode' })
  @ApiOkResponse({ type: SupportEpisodeResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<SupportEpisodeResponse> {
    return SupportEpisodeResponse.from(await this.reads.get(actor, id));
  }

  @Get(':id/transitions')
  @Access(...READERS)
  @ApiOperation({ summary: 'The episode’s history: every move, who made it, when and why' })
  @ApiOkResponse({ type: [TransitionResponse] })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async history(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<TransitionResponse[]> {
    return (await this.reads.history(actor, id)).map(TransitionResponse.from);
  }

  @Get(':id/readmissions')
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff, Role.Integration)
  @ApiOperation({
    summary: 'The follow-up record: index discharge, follow-up horizon and every readmission (both arms)',
    description:
      'Readmission within 30, 90 and 365 days of discharge is the trial’s primary outcome, for peer support and usual care alike: every readmission after a discharge is here, ' +
      'whether it paused support, came after the episode ended, or is a usual-care service user’s. Readmissions beyond the site’s readmissionFollowUpDays are kept with withinFollowUp: false.',
  })
  @ApiOkResponse({ type: FollowUpResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async readmissions(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<FollowUpResponse> {
    return FollowUpResponse.from(await this.wardStays.readmissionsOf(actor, id));
  }

  @Post(':id/allocation')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Allocate a referred service user',
    description:
      'Routine service: to awaiting_pairing. Randomised sites: the next place in the concealed sequence of the site and diagnostic group.',
  })
  @ApiOkResponse({ type: SupportEpisodeResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: FORBIDDEN_MOVE })
  @ApiProblemResponses()
  async allocate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SupportEpisodeResponse> {
    return SupportEpisodeResponse.from(await this.episodes.allocate(actor, id));
  }

  @Post(':id/ending')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'End a support episode with a reason',
    description: 'A planned ending follows the step-down; any open episode can end for another reason.',
  })
  @ApiOkResponse({ type: SupportEpisodeResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: FORBIDDEN_MOVE })
  @ApiProblemResponses()
  async end(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EndingRequest,
  ): Promise<SupportEpisodeResponse> {
    return SupportEpisodeResponse.from(await this.episodes.end(actor, id, body));
  }

  @Post(':id/readmission')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff, Role.Integration)
  @ApiOperation({
    summary:
      'Record a readmission: community support or the step-down pauses; after any other discharge it is kept as an outcome',
    description:
      'By ward staff (or an integration client). During community support or the step-down the episode pauses, planned community contacts due from the readmission on are suspended (kept), and the next discharge resumes the plan. ' +
      'After a discharge before pairing, for a service user allocated to usual care, or after the episode ended, the readmission is kept for outcome reporting (GET …/readmissions, GET /reports/readmissions) and the episode’s state does not change. ' +
      'A readmission on the discharge day counts. `rule`: readmission_follows_discharge (no discharge to follow, or already readmitted since), readmission_after_discharge (dated before it).',
  })
  @ApiOkResponse({ type: SupportEpisodeResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: FORBIDDEN_MOVE })
  @ApiUnprocessableEntityResponse({ description: 'A date in the future' })
  @ApiProblemResponses()
  async readmission(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReadmissionRequest,
  ): Promise<SupportEpisodeResponse> {
    return SupportEpisodeResponse.from(await this.wardStays.recordReadmission(actor, id, body));
  }

  @Post(':id/discharge')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff, Role.Integration)
  @ApiOperation({
    summary: 'Record the actual discharge date — accepted from any open state before the community',
    description:
      'Wards discharge at short notice. Ward support, or paired before the first ward meeting, moves to community support: the community plan and the first-community-meeting reminder start from this date ' +
      '(before the first ward meeting the episode is flagged `discharged_before_ward_meeting` on the coordinator’s attention queue). Before pairing (awaiting pairing, or referred) the date is recorded, ' +
      'the state stays, and the episode goes on the urgent-pairing queue (`urgent_pairing`); pairing it later starts community support from this date. Usual care: recorded as the index discharge for follow-up. ' +
      'After a readmission, support returns to where it left off. `rule`: already_discharged, discharged_after_readmission, discharge_needs_open_episode.',
  })
  @ApiOkResponse({ type: SupportEpisodeResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: FORBIDDEN_MOVE })
  @ApiUnprocessableEntityResponse({ description: 'A date in the future' })
  @ApiProblemResponses()
  async discharge(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DischargeRequest,
  ): Promise<SupportEpisodeResponse> {
    return SupportEpisodeResponse.from(await this.wardStays.recordDischarge(actor, id, body));
  }
}
