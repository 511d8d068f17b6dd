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
import { CoordinatorQueueService } from './coordinator-queue.service';
import {
  CoordinatorQueueQuery,
  CoordinatorQueueResponse,
  QueueItemResponse,
  ResolveQueueItemRequest,
} from './dto/coordinator-queue.dto';
import {
  ActionListQuery,
  GroupSupervisionListQuery,
  GroupSupervisionResponse,
  IndividualSupervisionListQuery,
  IndividualSupervisionResponse,
  OverdueQuery,
  OverdueSupervisionResponse,
  RecordGroupSupervisionRequest,
  RecordIndividualSupervisionRequest,
  SupervisionActionResponse,
} from './dto/supervision.dto';
import { GroupSupervisionService } from './group-supervision.service';
import { IndividualSupervisionService } from './individual-supervision.service';
import { OverdueSupervisionService } from './overdue-supervision.service';

/** Staff roles that can be a coordinator or a named deputy; the services decide record by record (404 otherwise). */
const SUPERVISING = [Role.Admin, Role.Coordinator, Role.PeerWorker, Role.WardStaff];

@ApiTags('Supervision')
@Controller()
export class SupervisionController {
  constructor(
    private readonly group: GroupSupervisionService,
    private readonly individual: IndividualSupervisionService,
    private readonly overdueSupervision: OverdueSupervisionService,
    private readonly queue: CoordinatorQueueService,
  ) {}

  @Post('supervision/group-sessions')
  @Access(...SUPERVISING)
  @ApiOperation({
    summary: 'Record a group supervision session of the site’s peer worker team',
    description:
      'Date, facilitator, attendance and themes. The group record never carries case notes about identifiable service users: it has no episode or service-user field ' +
      '(sending one is a 400), and free text naming a service user of the site, or carrying an NHS number, a record id or a date-of-birth label, is refused with 422 naming the field. ' +
      'For the coordinator, or the named deputy while the coordinator is absent.',
  })
  @ApiCreatedResponse({ type: GroupSupervisionResponse })
  @ApiNotFoundResponse({ description: 'No such site for which you act as coordinator' })
  @ApiUnprocessableEntityResponse({
    description: 'Identifying details in the text, an attendee not of the site, or a future date',
  })
  @ApiProblemResponses()
  async recordGroup(
    @CurrentActor() actor: Actor,
    @Body() body: RecordGroupSupervisionRequest,
  ): Promise<GroupSupervisionResponse> {
    return this.group.recordGroup(actor, body);
  }

  @Get('supervision/group-sessions')
  @Access(...SUPERVISING)
  @ApiOperation({ summary: 'Group supervision sessions of a site, latest first (up to 200)' })
  @ApiOkResponse({ type: [GroupSupervisionResponse] })
  @ApiNotFoundResponse({ description: 'No such site for which you act as coordinator' })
  @ApiProblemResponses()
  async listGroup(
    @CurrentActor() actor: Actor,
    @Query() query: GroupSupervisionListQuery,
  ): Promise<GroupSupervisionResponse[]> {
    return this.group.listGroup(actor, query.siteId);
  }

  @Get('supervision/group-sessions/:id')
  @Access(...SUPERVISING)
  @ApiOperation({ summary: 'Read a group supervision session' })
  @ApiOkResponse({ type: GroupSupervisionResponse })
  @ApiNotFoundResponse({ description: 'No such session that you may see' })
  @ApiProblemResponses()
  async getGroup(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<GroupSupervisionResponse> {
    return this.group.getGroup(actor, id);
  }

  @Post('supervision/individual-sessions')
  @Access(...SUPERVISING)
  @ApiOperation({
    summary: 'Record an individual supervision of a peer worker',
    description:
      'Agreed actions (owner, due date), follow-up of earlier actions (done, dropped, or carried forward as a new action with a new due date), and risk/safety/handover ' +
      'items, each optionally linked to a support episode of the site; items go to the coordinator’s queue. Writes `supervision.recorded`.',
  })
  @ApiCreatedResponse({ type: IndividualSupervisionResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker for whom you act as coordinator' })
  @ApiUnprocessableEntityResponse({
    description:
      'A follow-up of an action not open or not this peer worker’s, an episode of another site, a supervisor who is not coordinator/deputy, dates out of order',
  })
  @ApiProblemResponses()
  async recordIndividual(
    @CurrentActor() actor: Actor,
    @Body() body: RecordIndividualSupervisionRequest,
  ): Promise<IndividualSupervisionResponse> {
    return this.individual.recordIndividual(actor, body);
  }

  @Get('supervision/individual-sessions')
  @Access(...SUPERVISING)
  @ApiOperation({
    summary:
      "A peer worker's individual supervision sessions, latest first (the peer worker themselves, or the coordinator/acting deputy)",
  })
  @ApiOkResponse({ type: [IndividualSupervisionResponse] })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may see' })
  @ApiProblemResponses()
  async listIndividual(
    @CurrentActor() actor: Actor,
    @Query() query: IndividualSupervisionListQuery,
  ): Promise<IndividualSupervisionResponse[]> {
    return this.individual.listIndividual(actor, query.peerWorkerId);
  }

  @Get('supervision/individual-sessions/:id')
  @Access(...SUPERVISING)
  @ApiOperation({ summary: 'Read an individual supervision session' })
  @ApiOkResponse({ type: IndividualSupervisionResponse })
  @ApiNotFoundResponse({ description: 'No such session that you may see' })
  @ApiProblemResponses()
  async getIndividual(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<IndividualSupervisionResponse> {
    return this.individual.getIndividual(actor, id);
  }

  @Get('supervision/peer-workers/:peerWorkerId/actions')
  @Access(...SUPERVISING)
  @ApiOperation({
    summary: "A peer worker's supervision actions by due date (filter by status, e.g. open ones to follow up)",
  })
  @ApiOkResponse({ type: [SupervisionActionResponse] })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may see' })
  @ApiProblemResponses()
  async actions(
    @CurrentActor() actor: Actor,
    @Param('peerWorkerId', ParseUUIDPipe) peerWorkerId: string,
    @Query() query: ActionListQuery,
  ): Promise<SupervisionActionResponse[]> {
    return (await this.individual.actionsOf(actor, peerWorkerId, query.status)).map(SupervisionActionResponse.from);
  }

  @Get('supervision/overdue')
  @Access(...SUPERVISING)
  @ApiOperation({
    summary: 'Active peer workers of a site whose group or individual supervision is overdue',
    description:
      "Due = last session + the site's frequency (groupSupervisionEveryDays, individualSupervisionEveryDays) in Europe/London calendar days; overdue from the day after.",
  })
  @ApiOkResponse({ type: [OverdueSupervisionResponse] })
  @ApiNotFoundResponse({ description: 'No such site for which you act as coordinator' })
  @ApiProblemResponses()
  async overdue(@CurrentActor() actor: Actor, @Query() query: OverdueQuery): Promise<OverdueSupervisionResponse[]> {
    return this.overdueSupervision.overdue(actor, query.siteId);
  }

  @Get('coordinator-queue')
  @Access(...SUPERVISING)
  @ApiOperation({
    summary: "The coordinator's queue: risk, safety and handover items raised in supervision",
    description:
      'Risk first, then safety, then handover. For the site’s coordinators, or the named deputy while the coordinator is absent.',
  })
  @ApiOkResponse({ type: CoordinatorQueueResponse })
  @ApiNotFoundResponse({ description: 'No such site for which you act as coordinator' })
  @ApiProblemResponses()
  async coordinatorQueue(
    @CurrentActor() actor: Actor,
    @Query() query: CoordinatorQueueQuery,
  ): Promise<CoordinatorQueueResponse> {
    return this.queue.queue(actor, query.siteId, query.state);
  }

  @Post('coordinator-queue/:id/resolution')
  @HttpCode(200)
  @Access(...SUPERVISING)
  @ApiOperation({ summary: 'Resolve a queue item, saying how' })
  @ApiOkResponse({ type: QueueItemResponse })
  @ApiNotFoundResponse({ description: 'No such item for which you act as coordinator' })
  @ApiConflictResponse({ description: 'Already resolved' })
  @ApiProblemResponses()
  async resolve(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResolveQueueItemRequest,
  ): Promise<QueueItemResponse> {
    return this.queue.resolve(actor, id, body.resolution);
  }
}
