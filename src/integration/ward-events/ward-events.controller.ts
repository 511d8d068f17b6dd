import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Scope } from '../../auth/oauth/scopes';
import { Access, CurrentActor, RequireScope } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { ApiProblemResponses } from '../../common/http/api-problem-responses';
import { WardEventListQuery, WardEventRecordResponse, WardEventRequest, WardEventResponse } from './dto/ward-event.dto';
import { WardEventsService } from './ward-events.service';

@ApiTags('Ward events (integration)')
@Controller('integration/ward-events')
export class WardEventsController {
  constructor(private readonly wardEvents: WardEventsService) {}

  @Post()
  @HttpCode(200)
  @Access(Role.Integration)
  @RequireScope(Scope.WardEventsWrite)
  @ApiOperation({
    summary: 'Receive an admission, discharge or readmission from a ward system',
    description:
      "For integration clients, scoped to their Trust's sites. The service user is found by NHS number. " +
      'discharge, accepted from any open state before the community: a paired episode moves to community support whether or not the first ward meeting was held ' +
      '(the community plan is generated from the discharge date with its first community meeting contact, and `episode.discharged` schedules the first-community-meeting reminder; ' +
      'before the first ward meeting the episode is flagged `discharged_before_ward_meeting` on the coordinator’s attention queue); before pairing the discharge date is recorded and the ' +
      'episode goes on the urgent-pairing queue (`urgent_pairing`), and pairing it later starts community support from that date; a readmission pause ends where it left off. ' +
      'readmission: community support or the step-down pauses; after a discharge before pairing, for usual care, or after support ended (no open episode: the latest ended one) it is kept ' +
      'as an outcome (`readmission_recorded`) with no change of state. admission: recorded; with wardCode naming a ward of the site, the service user is placed on it. ' +
      'Sending the same sourceEventId again returns the original outcome (duplicate: true) and changes nothing; the Idempotency-Key header works as on every POST. ' +
      'An event that cannot be applied (unknown NHS number: 404; out of order: 409 naming the rule) changes nothing else but is kept, unapplied with the reason, for the coordinator ' +
      '(GET /sites/{id}/ward-events?status=unapplied; the problem carries `wardEventId`); sent again under the same sourceEventId it is tried again. Every attempt is audited.',
  })
  @ApiBody({
    type: WardEventRequest,
    examples: {
      dischargeBeforePairing: {
        summary: 'Discharge at short notice, before pairing or the first ward meeting (accepted: urgent pairing)',
        value: {
          type: 'discharge',
          nhsNumber: '9434765919',
          occurredOn: '2026-11-06',
          wardCode: 'Willow Ward',
          sourceSystem: 'RiO',
          sourceEventId: 'rio-adt-000181540',
        },
      },
      readmissionAfterEnding: {
        summary: 'Readmission after support ended (kept as an outcome against the ended episode)',
        value: {
          type: 'readmission',
          nhsNumber: '9434765919',
          occurredOn: '2027-05-14',
          wardCode: 'Willow Ward',
          sourceSystem: 'RiO',
          sourceEventId: 'rio-adt-000231977',
        },
      },
      discharge: {
        summary: 'Discharge',
        value: {
          type: 'discharge',
          nhsNumber: '9434765919',
          occurredOn: '2026-11-20',
          wardCode: 'Willow Ward',
          sourceSystem: 'RiO',
          sourceEventId: 'rio-adt-000184223',
        },
      },
      readmission: {
        summary: 'Readmission',
        value: {
          type: 'readmission',
          nhsNumber: '9434765919',
          occurredOn: '2026-12-02',
          wardCode: 'Willow Ward',
          sourceSystem: 'RiO',
          sourceEventId: 'rio-adt-000190871',
        },
      },
      admission: {
        summary: 'Admission',
        value: {
          type: 'admission',
          nhsNumber: '9434765919',
          occurredOn: '2026-10-28',
          wardCode: 'Willow Ward',
          sourceSystem: 'RiO',
          sourceEventId: 'rio-adt-000179002',
        },
      },
    },
  })
  @ApiOkResponse({
    type: WardEventResponse,
    description: 'Accepted and applied (or, with duplicate: true, already received: the original outcome)',
  })
  @ApiNotFoundResponse({
    description:
      "No service user with this NHS number at your Trust (an unknown number and another Trust's patient answer alike); kept unapplied (`unknown_service_user`) for your Trust's coordinators",
  })
  @ApiConflictResponse({
    description:
      'Out of order, kept unapplied (`wardEventId`) and nothing else changed; `rule` names it: discharge_needs_open_episode, already_discharged, discharged_after_readmission, ' +
      'readmission_follows_discharge, readmission_after_discharge; or source_event_id_reused (the sourceEventId was already used for a different applied event; not kept)',
  })
  @ApiUnprocessableEntityResponse({ description: 'occurredOn is in the future' })
  @ApiProblemResponses()
  async receive(@CurrentActor() actor: Actor, @Body() body: WardEventRequest): Promise<WardEventResponse> {
    const { event, duplicate } = await this.wardEvents.receive(actor, body);
    return WardEventResponse.from(event, duplicate);
  }
}

@ApiTags('Ward events (integration)')
@Controller()
export class WardEventReviewController {
  constructor(private readonly wardEvents: WardEventsService) {}

  @Get('sites/:id/ward-events')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Ward events received for the site, oldest first; `status=unapplied`: those that could not be applied',
    description:
      'Nothing a ward system sends is dropped: an event about an unknown NHS number (`unknown_service_user`; shown to every site of the sending client, with the NHS number) ' +
      'or out of order (`unappliedRule`, `unappliedReason`) is kept here for the coordinator to reconcile — e.g. register the service user, or record the discharge by hand. ' +
      'The sender may send it again under the same sourceEventId: it is tried again, and once applied it leaves the unapplied list.',
  })
  @ApiOkResponse({ type: [WardEventRecordResponse] })
  @ApiNotFoundResponse({ description: 'No such site that you coordinate' })
  @ApiProblemResponses()
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) siteId: string,
    @Query() query: WardEventListQuery,
  ): Promise<WardEventRecordResponse[]> {
    return (await this.wardEvents.listForSite(actor, siteId, query.status)).map(WardEventRecordResponse.from);
  }
}
