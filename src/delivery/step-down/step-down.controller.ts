import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { ApiProblemResponses } from '../../common/http/api-problem-responses';
import {
  CommunityPlanResponse,
  ContactOutcomeRequest,
  EndEarlyRequest,
  ExtendPlanRequest,
  PlannedContactResponse,
  RestartPlanRequest,
  SupportPlanTemplateInput,
  SupportPlanTemplateResponse,
} from './dto/step-down.dto';
import { CommunityPlanChanges } from './community-plan-changes.service';
import { ContactOutcomes } from './contact-outcomes.service';
import { StepDownPlanService } from './step-down-plan.service';

const NOT_IN_SCOPE = 'No such support episode within your scope (existence is not revealed)';
const NOT_IN_COMMUNITY =
  'The episode is not in community support or the step-down, or the plan has no planned ending to move; `rule` names the rule';

@ApiTags('Support in the community')
@Controller()
export class StepDownController {
  constructor(
    private readonly plans: StepDownPlanService,
    private readonly outcomes: ContactOutcomes,
    private readonly changes: CommunityPlanChanges,
  ) {}

  @Get('sites/:id/support-plan-template')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: 'The site’s support plan template',
    description:
      'Intensive period, ten-week step-down bands and ending session: the ENRICH default unless the site tuned it.',
  })
  @ApiOkResponse({ type: SupportPlanTemplateResponse })
  @ApiNotFoundResponse({ description: 'No such site within your scope' })
  @ApiProblemResponses()
  async template(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SupportPlanTemplateResponse> {
    return this.plans.templateOf(actor, id);
  }

  @Put('sites/:id/support-plan-template')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Tune the site’s support plan template',
    description:
      'Within the documented bounds (see the schema). Plans already generated keep their dates; new discharges use the new template.',
  })
  @ApiOkResponse({ type: SupportPlanTemplateResponse })
  @ApiNotFoundResponse({ description: 'No such site within your scope' })
  @ApiUnprocessableEntityResponse({ description: 'Out of bounds: `field` names the field' })
  @ApiProblemResponses()
  async replaceTemplate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SupportPlanTemplateInput,
  ): Promise<SupportPlanTemplateResponse> {
    return this.plans.replaceTemplate(actor, id, body);
  }

  @Get('support-episodes/:id/community-plan')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: 'The episode’s community plan',
    description: 'Every planned contact in order with its status, and every change to the plan with who and why.',
  })
  @ApiOkResponse({ type: CommunityPlanResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async plan(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CommunityPlanResponse> {
    return CommunityPlanResponse.from(await this.plans.plan(actor, id));
  }

  @Post('planned-contacts/:id/outcome')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: 'Record whether a planned contact was held or missed',
    description:
      'For a contact held without a meeting record in ENRICH (or missed with no meeting planned): a held or missed meeting records its planned contact itself, in the same transaction. ' +
      'By the paired peer worker or the coordinator. The last intensive contact moves the episode into the step-down; the ending session held ends it (planned ending).',
  })
  @ApiOkResponse({ type: PlannedContactResponse })
  @ApiNotFoundResponse({ description: 'No such planned contact within your scope' })
  @ApiConflictResponse({
    description:
      'The contact is not planned (suspended, cancelled, already recorded), the episode is not in the community, or earlier contacts are outstanding',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'Missed before it was due, a meeting for a missed contact, or a meetingId that is not a held meeting of this episode',
  })
  @ApiProblemResponses()
  async outcome(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ContactOutcomeRequest,
  ): Promise<PlannedContactResponse> {
    return PlannedContactResponse.from(await this.outcomes.recordOutcome(actor, id, body));
  }

  @Post('support-episodes/:id/community-plan/extension')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Extend the step-down',
    description: 'Adds step-down contacts before the ending session (which moves later), with a reason.',
  })
  @ApiOkResponse({ type: CommunityPlanResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: NOT_IN_COMMUNITY })
  @ApiUnprocessableEntityResponse({ description: 'More contacts than the site’s template allows (`field`: contacts)' })
  @ApiProblemResponses()
  async extend(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ExtendPlanRequest,
  ): Promise<CommunityPlanResponse> {
    return CommunityPlanResponse.from(await this.changes.extend(actor, id, body.contacts, body.reason));
  }

  @Post('support-episodes/:id/community-plan/early-ending')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'End the plan early, with a reason',
    description:
      'Cancels the contacts still to come and brings the ending session forward, so the relationship still ends well; the episode enters the step-down.',
  })
  @ApiOkResponse({ type: CommunityPlanResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: NOT_IN_COMMUNITY })
  @ApiProblemResponses()
  async endEarly(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EndEarlyRequest,
  ): Promise<CommunityPlanResponse> {
    return CommunityPlanResponse.from(await this.changes.endEarly(actor, id, body.reason, body.endingOn));
  }

  @Post('support-episodes/:id/community-plan/restart')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Restart the community plan after a readmission',
    description:
      'Instead of resuming where it stopped: the outstanding contacts are cancelled and a fresh plan is generated from the template; the episode returns to community support.',
  })
  @ApiOkResponse({ type: CommunityPlanResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: 'Not in the community, or no readmission to restart after' })
  @ApiUnprocessableEntityResponse({ description: 'A start before the latest discharge' })
  @ApiProblemResponses()
  async restart(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RestartPlanRequest,
  ): Promise<CommunityPlanResponse> {
    return CommunityPlanResponse.from(await this.changes.restart(actor, id, body.reason, body.startDate));
  }
}
