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
import {
  CancelMeetingRequest,
  CreateMeetingRequest,
  HoldMeetingRequest,
  MeetingDetailResponse,
  MeetingPage,
  MeetingQuery,
  MeetingResponse,
  MeetingTransitionResponse,
  MissMeetingRequest,
  RescheduleMeetingRequest,
  SiteMeetingQuery,
} from './dto/meeting.dto';
import { MeetingReads } from './meeting-reads.service';
import { MeetingsService } from './meetings.service';

const RECORDERS = [Role.Admin, Role.Coordinator, Role.PeerWorker] as const;
const NOT_IN_SCOPE = 'No such meeting (or episode) within your scope (existence is not revealed)';
const RULES =
  'A delivery rule refused it; `rule` names it: code_of_ethics_acknowledged, no_meeting_after_episode_ended, peer_worker_paired_at_time, ' +
  'no_community_meeting_before_discharge, ward_meeting_during_inpatient_stay, held_meeting_not_in_future, actual_end_after_start, transition_not_in_table …';

@ApiTags('Meetings and contacts')
@Controller()
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly reads: MeetingReads,
  ) {}

  @Post('support-episodes/:id/meetings')
  @Access(...RECORDERS)
  @ApiOperation({
    summary: 'Plan a meeting or contact, or record one already held',
    description:
      'A peer worker records their own meetings; a coordinator may record for the paired peer worker. The first held ward meeting moves a paired episode into ward support. ' +
      'A community meeting may name the planned contact it is for (`plannedContactId`); recorded as held during community support or the step-down, it fulfils that contact, or else the next outstanding one, in the same transaction (which may move the episode into the step-down or end it).',
  })
  @ApiCreatedResponse({ type: MeetingResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: RULES })
  @ApiUnprocessableEntityResponse({ description: 'Inconsistent input; `errors` names the field and `rule` the rule' })
  @ApiProblemResponses()
  async create(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateMeetingRequest,
  ): Promise<MeetingResponse> {
    return MeetingResponse.from(await this.meetings.create(actor, id, body));
  }

  @Get('support-episodes/:id/meetings')
  @Access(...RECORDERS)
  @ApiOperation({
    summary: 'The meetings of an episode',
    description: 'Coordinators see all on their site; a peer worker sees their own. Notes are not listed.',
  })
  @ApiOkResponse({ type: MeetingPage })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async listForEpisode(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: MeetingQuery,
  ): Promise<MeetingPage> {
    const page = await this.reads.listForEpisode(actor, id, query);
    return { items: page.items.map(MeetingResponse.from), nextCursor: page.nextCursor };
  }

  @Get('meetings')
  @Access(...RECORDERS)
  @ApiOperation({
    summary: 'Meetings across episodes',
    description: 'A coordinator’s sites, a peer worker’s own, everything for an admin. Notes are not listed.',
  })
  @ApiOkResponse({ type: MeetingPage })
  @ApiProblemResponses()
  async list(@CurrentActor() actor: Actor, @Query() query: SiteMeetingQuery): Promise<MeetingPage> {
    const page = await this.reads.list(actor, query);
    return { items: page.items.map(MeetingResponse.from), nextCursor: page.nextCursor };
  }

  @Get('meetings/:id')
  @Access(...RECORDERS)
  @ApiOperation({
    summary: 'Read a meeting',
    description:
      'With its note for the meeting’s peer worker, their coordinator or an admin; reading the note is audited.',
  })
  @ApiOkResponse({ type: MeetingDetailResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<MeetingDetailResponse> {
    const { meeting, noteIncluded } = await this.reads.get(actor, id);
    return MeetingDetailResponse.withNote(meeting, noteIncluded);
  }

  @Get('meetings/:id/transitions')
  @Access(...RECORDERS)
  @ApiOperation({
    summary: 'A meeting’s status history: who moved it, when and why',
    description:
      'Every status move of the meeting (append-only), with who made it, when and why. Coordinators of the site, the meeting’s peer worker and admins.',
  })
  @ApiOkResponse({ type: [MeetingTransitionResponse] })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async history(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<MeetingTransitionResponse[]> {
    return (await this.reads.history(actor, id)).map(MeetingTransitionResponse.from);
  }

  @Post('meetings/:id/held')
  @HttpCode(200)
  @Access(...RECORDERS)
  @ApiOperation({
    summary: 'Record a planned meeting as held',
    description:
      'Actual start and end, who came, the short record and the (sensitive) note. A community meeting held during community support or the step-down fulfils its planned contact (the one it names, or the next outstanding one) in the same transaction.',
  })
  @ApiOkResponse({ type: MeetingResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: RULES })
  @ApiProblemResponses()
  async hold(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: HoldMeetingRequest,
  ): Promise<MeetingResponse> {
    return MeetingResponse.from(await this.meetings.hold(actor, id, body));
  }

  @Post('meetings/:id/missed')
  @HttpCode(200)
  @Access(...RECORDERS)
  @ApiOperation({
    summary: 'Record a planned meeting as missed, and by whom',
    description:
      'Who missed it (service user, peer worker or both) and why. A meeting that names a planned contact marks the contact missed once the contact is due; before then the contact stays planned.',
  })
  @ApiOkResponse({ type: MeetingResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: RULES })
  @ApiProblemResponses()
  async miss(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MissMeetingRequest,
  ): Promise<MeetingResponse> {
    return MeetingResponse.from(await this.meetings.miss(actor, id, body));
  }

  @Post('meetings/:id/cancellation')
  @HttpCode(200)
  @Access(...RECORDERS)
  @ApiOperation({
    summary: 'Cancel a planned meeting: who cancelled and why',
    description:
      'Who cancelled it (service user, peer worker or both) and why; a cancelled meeting is final. Its planned contact, if it named one, stays planned for another meeting.',
  })
  @ApiOkResponse({ type: MeetingResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: RULES })
  @ApiProblemResponses()
  async cancel(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CancelMeetingRequest,
  ): Promise<MeetingResponse> {
    return MeetingResponse.from(await this.meetings.cancel(actor, id, body));
  }

  @Post('meetings/:id/reschedule')
  @HttpCode(200)
  @Access(...RECORDERS)
  @ApiOperation({
    summary: 'Move a planned meeting',
    description:
      'The meeting is kept as `rescheduled` at its old time and a new planned meeting (returned) takes the new time, pointing back with rescheduledFromId.',
  })
  @ApiOkResponse({ type: MeetingResponse, description: 'The new planned meeting' })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: RULES })
  @ApiProblemResponses()
  async reschedule(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RescheduleMeetingRequest,
  ): Promise<MeetingResponse> {
    return MeetingResponse.from(await this.meetings.reschedule(actor, id, body));
  }
}
