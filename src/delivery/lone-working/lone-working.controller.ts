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
import { Access, CurrentActor } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { ApiProblemResponses } from '../../common/http/api-problem-responses';
import { CheckInRequest, StartVisitRequest, VisitQuery, VisitResponse } from './dto/lone-working.dto';
import { LoneWorkingService } from './lone-working.service';

const NOT_IN_SCOPE = 'No such visit (or meeting) within your scope (existence is not revealed)';

@ApiTags('Lone working')
@Controller()
export class LoneWorkingController {
  constructor(private readonly loneWorking: LoneWorkingService) {}

  @Post('meetings/:id/visit')
  @Access(Role.PeerWorker)
  @ApiOperation({
    summary: 'Start a lone-working visit for a meeting at a home or in a public place',
    description:
      'The visiting peer worker records where they will be and when they expect to check out. A missed check-out escalates after the site’s grace period.',
  })
  @ApiCreatedResponse({ type: VisitResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({
    description:
      '`rule`: visit_in_home_or_public_place, visit_for_planned_meeting, one_visit_per_meeting, or a meeting rule',
  })
  @ApiUnprocessableEntityResponse({ description: '`rule`: expected_end_in_future, expected_end_within_visit_limit' })
  @ApiProblemResponses()
  async start(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: StartVisitRequest,
  ): Promise<VisitResponse> {
    const visit = await this.loneWorking.start(actor, id, body);
    return VisitResponse.from(visit, await this.loneWorking.safetyOf(visit));
  }

  @Get('lone-working/visits')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Open or overdue visits on your sites',
    description: 'Each with its safety state now and who it escalates to.',
  })
  @ApiOkResponse({ type: [VisitResponse] })
  @ApiProblemResponses()
  async list(@CurrentActor() actor: Actor, @Query() query: VisitQuery): Promise<VisitResponse[]> {
    return (await this.loneWorking.list(actor, query)).map(({ visit, safety }) => VisitResponse.from(visit, safety));
  }

  @Get('lone-working/visits/:id')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: 'Read a visit and its safety state now',
    description:
      'Where, until when, check-ins and check-out, and the safety state computed now (on time, grace, overdue and whom it has escalated to).',
  })
  @ApiOkResponse({ type: VisitResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<VisitResponse> {
    const visit = await this.loneWorking.get(actor, id);
    return VisitResponse.from(visit, await this.loneWorking.safetyOf(visit));
  }

  @Post('lone-working/visits/:id/check-in')
  @HttpCode(200)
  @Access(Role.PeerWorker)
  @ApiOperation({
    summary: 'Check in during a visit (optionally with a new expected end)',
    description:
      'By the visiting peer worker: records they are safe; a new expected end moves the escalation time (written to the outbox as lone_working.checked_in).',
  })
  @ApiOkResponse({ type: VisitResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: '`rule`: visit_open' })
  @ApiProblemResponses()
  async checkIn(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CheckInRequest,
  ): Promise<VisitResponse> {
    const visit = await this.loneWorking.checkIn(actor, id, body);
    return VisitResponse.from(visit, await this.loneWorking.safetyOf(visit));
  }

  @Post('lone-working/visits/:id/check-out')
  @HttpCode(200)
  @Access(Role.PeerWorker)
  @ApiOperation({
    summary: 'Check out safely at the end of a visit',
    description: 'By the visiting peer worker: closes the visit and stops any escalation (lone_working.checked_out).',
  })
  @ApiOkResponse({ type: VisitResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: '`rule`: visit_open' })
  @ApiProblemResponses()
  async checkOut(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<VisitResponse> {
    const visit = await this.loneWorking.checkOut(actor, id);
    return VisitResponse.from(visit, await this.loneWorking.safetyOf(visit));
  }

  @Post('lone-working/visits/:id/acknowledgement')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Acknowledge an overdue visit’s escalation (coordinator or deputy)',
    description: 'Stops the escalation moving along the chain.',
  })
  @ApiOkResponse({ type: VisitResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: '`rule`: visit_escalated (nothing to acknowledge)' })
  @ApiProblemResponses()
  async acknowledge(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<VisitResponse> {
    const visit = await this.loneWorking.acknowledge(actor, id);
    return VisitResponse.from(visit, await this.loneWorking.safetyOf(visit));
  }
}
