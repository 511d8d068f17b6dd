import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
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
import { DischargeMeetingResponse, RecordDischargeMeetingRequest } from './dto/discharge-meeting.dto';
import { DischargeMeetingsService } from './discharge-meetings.service';

const NOT_IN_SCOPE = 'No such episode or discharge meeting within your scope (existence is not revealed)';

@ApiTags('Discharge meetings')
@Controller()
export class DischargeMeetingsController {
  constructor(private readonly dischargeMeetings: DischargeMeetingsService) {}

  @Post('support-episodes/:id/discharge-meetings')
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff)
  @ApiOperation({
    summary: 'Record the formal discharge meeting (ward staff)',
    description:
      'Date, attendees by role, whether the service user invited their peer worker and whether they came, the planned discharge date and the community team’s follow-up (for the 72-hour standard). The actual discharge date is recorded with POST /support-episodes/{id}/discharge.',
  })
  @ApiCreatedResponse({ type: DischargeMeetingResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: '`rule`: no_discharge_meeting_after_episode_ended' })
  @ApiUnprocessableEntityResponse({
    description: '`rule`: held_on_not_in_future, peer_worker_attends_when_invited, follow_up_date_given',
  })
  @ApiProblemResponses()
  async record(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RecordDischargeMeetingRequest,
  ): Promise<DischargeMeetingResponse> {
    const read = await this.dischargeMeetings.record(actor, id, body);
    return DischargeMeetingResponse.from(read.meeting, read.followUpStandard);
  }

  @Get('support-episodes/:id/discharge-meetings')
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff, Role.PeerWorker)
  @ApiOperation({
    summary: 'The discharge meetings of an episode, each with its 72-hour follow-up compliance',
    description:
      'Ward staff of the ward, the site’s coordinator, admins and the supporting peer worker; each meeting shows whether the community team’s follow-up met the 72-hour standard once the discharge is known.',
  })
  @ApiOkResponse({ type: [DischargeMeetingResponse] })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<DischargeMeetingResponse[]> {
    return (await this.dischargeMeetings.listForEpisode(actor, id)).map((r) =>
      DischargeMeetingResponse.from(r.meeting, r.followUpStandard),
    );
  }

  @Get('discharge-meetings/:id')
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff, Role.PeerWorker)
  @ApiOperation({
    summary: 'Read a discharge meeting, with its 72-hour follow-up compliance once discharge is known',
    description:
      'Attendees by role, whether the service user invited their peer worker and whether they came, planned discharge date, the community team’s follow-up, and its 72-hour compliance.',
  })
  @ApiOkResponse({ type: DischargeMeetingResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<DischargeMeetingResponse> {
    const read = await this.dischargeMeetings.get(actor, id);
    return DischargeMeetingResponse.from(read.meeting, read.followUpStandard);
  }
}
