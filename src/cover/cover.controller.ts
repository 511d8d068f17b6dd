import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
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
import { ARRANGEMENTS_FOR_TERM } from './cover-rules';
import { CoverPlan, CoverService } from './cover.service';
import {
  ConfirmCoverPlanRequest,
  CoverArrangementResponse,
  CoverPlanResponse,
  HandoverNoteResponse,
  WriteHandoverRequest,
} from './dto/cover.dto';
import { HandoversService } from './handovers.service';

@ApiTags('Absence and cover')
@Controller()
export class CoverController {
  constructor(
    private readonly cover: CoverService,
    private readonly handovers: HandoversService,
  ) {}

  @Get('absences/:id/cover-plan')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary:
      'The cover plan of a peer worker’s absence: every episode they support, its arrangement or the peer workers who could cover it',
    description:
      'Short-term absences (up to the site’s shortTermAbsenceMaxDays) are covered by a colleague or paused; long-term ones by an activated reserve (after reserve induction) or a colleague, or re-paired for good. ' +
      'Suggestions reuse the pairing ranking: ready, present across the window, under the caseload cap, the service user’s "must" preferences met.',
  })
  @ApiOkResponse({ type: CoverPlanResponse })
  @ApiNotFoundResponse({ description: 'No such absence on your sites' })
  @ApiUnprocessableEntityResponse({ description: 'A coordinator absence: support routes to the deputy instead' })
  @ApiProblemResponses()
  async plan(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CoverPlanResponse> {
    return this.respond(await this.cover.plan(actor, id));
  }

  @Post('absences/:id/cover-plan')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Confirm the cover plan: one arrangement for every affected episode not yet arranged',
    description:
      'In one transaction: cover pairings (the covering peer worker gets the regular one’s access for the cover period), planned contacts and planned meetings in the absence handed to the covering peer worker ' +
      '(or cancelled with the reason for a pause), a reserve activated, or a permanent re-pairing. When the absence ends or is cancelled, cover ends and the rest of the plan goes back. Writes `cover.confirmed` per episode.',
  })
  @ApiOkResponse({ type: CoverPlanResponse })
  @ApiNotFoundResponse({ description: 'No such absence on your sites' })
  @ApiConflictResponse({
    description:
      'The absence has ended or was cancelled, or the covering peer worker is at the caseload cap; `rule` says which',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'An arrangement breaks a rule (term, reserve induction, "must" preference, service user informed, every episode arranged); `rule` and the field say which',
  })
  @ApiProblemResponses()
  async confirm(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ConfirmCoverPlanRequest,
  ): Promise<CoverPlanResponse> {
    return this.respond(await this.cover.confirm(actor, id, body));
  }

  @Post('cover-arrangements/:id/handover')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: 'Write the handover for one episode to the covering peer worker (risk and safety first)',
    description:
      'By the coordinator, or by the absent peer worker before a planned absence. The covering peer worker must acknowledge it before their first covered meeting. Writes `handover.written`.',
  })
  @ApiCreatedResponse({ type: HandoverNoteResponse })
  @ApiNotFoundResponse({ description: 'No such cover arrangement that you may see' })
  @ApiForbiddenResponse({ description: 'You may see the arrangement but not write its handover' })
  @ApiConflictResponse({ description: 'Already written, or a pause (nobody to hand over to)' })
  @ApiProblemResponses()
  async writeHandover(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: WriteHandoverRequest,
  ): Promise<HandoverNoteResponse> {
    return HandoverNoteResponse.from(await this.handovers.write(actor, id, 'handover', body));
  }

  @Post('cover-arrangements/:id/hand-back')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: 'Write the hand-back for one episode to the returning peer worker',
    description:
      'By the covering peer worker or the coordinator; cover arrangements only (a re-pairing is for good). The returning peer worker is reminded to read it when cover ends.',
  })
  @ApiCreatedResponse({ type: HandoverNoteResponse })
  @ApiNotFoundResponse({ description: 'No such cover arrangement that you may see' })
  @ApiForbiddenResponse({ description: 'You may see the arrangement but not write its hand-back' })
  @ApiConflictResponse({ description: 'Already written, or not a cover arrangement' })
  @ApiProblemResponses()
  async writeHandBack(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: WriteHandoverRequest,
  ): Promise<HandoverNoteResponse> {
    return HandoverNoteResponse.from(await this.handovers.write(actor, id, 'hand_back', body));
  }

  @Get('cover-arrangements/:id/handover-notes')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({ summary: 'The handover and hand-back of a cover arrangement (every read audited)' })
  @ApiOkResponse({ type: [HandoverNoteResponse] })
  @ApiNotFoundResponse({ description: 'No such cover arrangement that you may see' })
  @ApiProblemResponses()
  async notes(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<HandoverNoteResponse[]> {
    return (await this.handovers.list(actor, id)).map(HandoverNoteResponse.from);
  }

  @Post('handover-notes/:id/acknowledgement')
  @HttpCode(200)
  @Access(Role.PeerWorker)
  @ApiOperation({ summary: 'Acknowledge a handover or hand-back addressed to you' })
  @ApiOkResponse({ type: HandoverNoteResponse })
  @ApiNotFoundResponse({ description: 'No such note that you may see' })
  @ApiForbiddenResponse({ description: 'The note is addressed to someone else' })
  @ApiConflictResponse({ description: 'Already acknowledged' })
  @ApiProblemResponses()
  async acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<HandoverNoteResponse> {
    return HandoverNoteResponse.from(await this.handovers.acknowledge(actor, id));
  }

  private respond(plan: CoverPlan): CoverPlanResponse {
    const notStarted = { handover: 'not_written' as const, handBack: 'not_written' as const };
    return Object.assign(new CoverPlanResponse(), {
      absenceId: plan.absence.id,
      absentPeerWorkerId: plan.absence.peerWorkerId!,
      absenceState: plan.absence.state,
      term: plan.term.term,
      window: plan.window,
      allowedArrangements: [...ARRANGEMENTS_FOR_TERM[plan.term.term]],
      confirmed: plan.episodes.every((e) => e.arrangement !== null),
      reviewNeeded: plan.episodes.some(
        (e) =>
          e.arrangement !== null &&
          e.arrangement.state === 'active' &&
          e.arrangement.termAtConfirmation !== plan.term.term,
      ),
      episodes: plan.episodes.map((e) => ({
        episodeId: e.episodeId,
        serviceUserId: e.serviceUserId,
        serviceUserDisplayName: e.serviceUserDisplayName,
        state: e.state,
        plannedContactsInWindow: e.plannedContactsInWindow,
        plannedMeetingsInWindow: e.plannedMeetingsInWindow,
        arrangement: e.arrangement
          ? CoverArrangementResponse.from(e.arrangement, plan.notes.get(e.arrangement.id) ?? notStarted)
          : null,
        suggestions: e.suggestions
          ? {
              availabilityWindow: e.suggestions.availabilityWindow,
              suggestions: e.suggestions.suggestions,
              excluded: e.suggestions.excluded,
            }
          : null,
      })),
    });
  }
}
