import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { InvalidInputError } from '../common/errors/domain-errors';
import { ApiProblemResponses } from '../common/http/api-problem-responses';
import { IfMatchVersion } from '../common/http/etag';
import { AbsenceService } from './absence.service';
import {
  AbsenceListQuery,
  AbsencePage,
  AbsenceResponse,
  AbsenceTransitionRequest,
  AbsenceTransitionResponse,
  ChangeExpectedEndRequest,
  RecordAbsenceRequest,
  SupportRoutingResponse,
} from './dto/absence.dto';
import type { Absence } from './entities/absence.entity';
import { SupportRouting } from './support-routing.service';

@ApiTags('Absence and cover')
@Controller()
export class AbsenceController {
  constructor(
    private readonly absences: AbsenceService,
    private readonly routing: SupportRouting,
  ) {}

  @Post('absences')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: 'Record an absence of a peer worker or of the coordinator/deputy',
    description:
      'Starts as `active` when the start date has come, otherwise `planned`. Classified short- or long-term by the site’s shortTermAbsenceMaxDays. ' +
      'A peer worker may record their own planned leave; sickness and unplanned absence are recorded by the coordinator. Writes `absence.started` or `absence.planned` to the outbox.',
  })
  @ApiCreatedResponse({ type: AbsenceResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker or site that you may see' })
  @ApiConflictResponse({ description: 'Overlaps another absence of the same person' })
  @ApiUnprocessableEntityResponse({
    description: 'Dates out of order, a future unplanned absence, or the user is not the named coordinator/deputy',
  })
  @ApiProblemResponses()
  async record(@CurrentActor() actor: Actor, @Body() body: RecordAbsenceRequest): Promise<AbsenceResponse> {
    return this.respond(await this.absences.record(actor, body));
  }

  @Get('absences')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker, Role.WardStaff)
  @ApiOperation({ summary: "List absences: your sites' (coordinators), or your own" })
  @ApiOkResponse({ type: AbsencePage })
  @ApiProblemResponses()
  async list(@CurrentActor() actor: Actor, @Query() query: AbsenceListQuery): Promise<AbsencePage> {
    const page = await this.absences.list(actor, query);
    return { items: await Promise.all(page.items.map((a) => this.respond(a))), nextCursor: page.nextCursor };
  }

  @Get('absences/:id')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker, Role.WardStaff)
  @ApiOperation({ summary: 'Read an absence with its short/long-term classification' })
  @ApiOkResponse({ type: AbsenceResponse })
  @ApiNotFoundResponse({ description: 'No such absence that you may see' })
  @ApiProblemResponses()
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AbsenceResponse> {
    return this.respond(await this.absences.get(actor, id));
  }

  @Patch('absences/:id')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Change the expected end of an absence (send If-Match)',
    description: 'Null makes it open-ended. Writes `absence.extended` so cover can be re-planned.',
  })
  @ApiOkResponse({ type: AbsenceResponse })
  @ApiNotFoundResponse({ description: 'No such absence that you may see' })
  @ApiConflictResponse({ description: 'The absence has ended or was cancelled' })
  @ApiPreconditionFailedResponse({ description: 'If-Match names a stale version' })
  @ApiProblemResponses()
  async changeExpectedEnd(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChangeExpectedEndRequest,
    @IfMatchVersion() expectedVersion?: number,
  ): Promise<AbsenceResponse> {
    return this.respond(await this.absences.changeExpectedEnd(actor, id, body.expectedEndOn ?? null, expectedVersion));
  }

  @Post('absences/:id/transitions')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: 'Start, end or cancel an absence',
    description:
      'planned → active (on or after the start date), active → ended (with endedOn, the last day away), planned → cancelled. Writes absence.started / absence.ended / absence.cancelled.',
  })
  @ApiOkResponse({ type: AbsenceResponse })
  @ApiNotFoundResponse({ description: 'No such absence that you may see' })
  @ApiConflictResponse({ description: 'The move is not allowed from the current state; `rule` says why' })
  @ApiProblemResponses()
  async transition(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AbsenceTransitionRequest,
  ): Promise<AbsenceResponse> {
    return this.respond(await this.absences.transition(actor, id, body));
  }

  @Get('absences/:id/history')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker, Role.WardStaff)
  @ApiOperation({ summary: "An absence's history: who moved it, when and why" })
  @ApiOkResponse({ type: [AbsenceTransitionResponse] })
  @ApiNotFoundResponse({ description: 'No such absence that you may see' })
  @ApiProblemResponses()
  async history(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<AbsenceTransitionResponse[]> {
    return (await this.absences.history(actor, id)).map(AbsenceTransitionResponse.from);
  }

  @Get('sites/:siteId/support-routing')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker, Role.WardStaff)
  @ApiOperation({
    summary:
      'Who supervision and urgent support go to now: the coordinator, or the named deputy while the coordinator is absent',
    description: '`uncovered` is true when the coordinator is absent and no deputy is available.',
  })
  @ApiQuery({
    name: 'at',
    required: false,
    description: 'An instant (ISO 8601); default now',
    example: '2026-12-22T10:00:00Z',
  })
  @ApiOkResponse({ type: SupportRoutingResponse })
  @ApiNotFoundResponse({ description: 'No such site that you work on, or no coordinator named' })
  @ApiProblemResponses()
  async supportRouting(
    @CurrentActor() actor: Actor,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Query('at') at?: string,
  ): Promise<SupportRoutingResponse> {
    const instant = at === undefined ? new Date() : new Date(at);
    if (Number.isNaN(instant.getTime())) throw new InvalidInputError('at', 'at must be an ISO 8601 instant');
    return this.routing.routeForCaller(actor, siteId, instant);
  }

  private async respond(absence: Absence): Promise<AbsenceResponse> {
    return AbsenceResponse.from(absence, await this.absences.termOf(absence));
  }
}
