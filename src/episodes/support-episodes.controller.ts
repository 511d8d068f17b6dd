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
  ReadmissionRequest,
  ReferralRequest,
  SupportEpisodePage,
  SupportEpisodeQuery,
  SupportEpisodeResponse,
  TransitionResponse,
} from './dto/support-episode.dto';
import { SupportEpisodesService } from './support-episodes.service';

const READERS = [Role.Admin, Role.Coordinator, Role.WardStaff, Role.PeerWorker, Role.Integration] as const;
const NOT_IN_SCOPE = 'No such support episode within your scope (existence is not revealed)';
const FORBIDDEN_MOVE = 'The workflow forbids this move; `rule` names the rule';

@ApiTags('Support episodes')
@Controller('support-episodes')
export class SupportEpisodesController {
  constructor(private readonly episodes: SupportEpisodesService) {}

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
    return SupportEpisodeResponse.from(await this.episodes.refer(actor, body));
  }

  @Post('eligibility-check')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff, Role.Integration)
  @ApiOperation({ summary: 'Check a would-be referral against the site’s eligibility rules, without referring' })
  @ApiOkResponse({ type: EligibilityResponse })
  @ApiNotFoundResponse({ description: 'No such service user within your scope' })
  @ApiProblemResponses()
  async checkEligibility(@CurrentActor() actor: Actor, @Body() body: ReferralRequest): Promise<EligibilityResponse> {
    return this.episodes.checkEligibility(actor, body);
  }

  @Get()
  @Access(...READERS)
  @ApiOperation({ summary: 'List the support episodes within your scope' })
  @ApiOkResponse({ type: SupportEpisodePage })
  @ApiProblemResponses()
  async list(@CurrentActor() actor: Actor, @Query() query: SupportEpisodeQuery): Promise<SupportEpisodePage> {
    const page = await this.episodes.list(actor, query);
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
    return SupportEpisodeResponse.from(await this.episodes.get(actor, id));
  }

  @Get(':id/transitions')
  @Access(...READERS)
  @ApiOperation({ summary: 'The episode’s history: every move, who made it, when and why' })
  @ApiOkResponse({ type: [TransitionResponse] })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async history(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<TransitionResponse[]> {
    return (await this.episodes.history(actor, id)).map(TransitionResponse.from);
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
    summary: 'Record a readmission: community support or the step-down pauses',
    description:
      'By ward staff (or an integration client): the episode pauses, planned community contacts due from the readmission on are suspended (kept), and the readmission is kept for outcome reporting. The next discharge resumes the plan.',
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
    return SupportEpisodeResponse.from(await this.episodes.recordReadmission(actor, id, body));
  }

  @Post(':id/discharge')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff, Role.Integration)
  @ApiOperation({
    summary: 'Record the actual discharge date',
    description: 'Ward support moves to community support; after a readmission, support returns to where it left off.',
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
    return SupportEpisodeResponse.from(await this.episodes.recordDischarge(actor, id, body));
  }
}
