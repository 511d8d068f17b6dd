import { Body, Controller, HttpCode, Post } from '@nestjs/common';
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
import { WardEventRequest, WardEventResponse } from './dto/ward-event.dto';
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
      'discharge: ward support → community support (the community plan is generated with its first community meeting contact, ' +
      'and `episode.discharged` schedules the first-community-meeting reminder), or a readmission pause ends where it left off. ' +
      'readmission: community support or the step-down pauses. admission: recorded; with wardCode naming a ward of the site, the service user is placed on it. ' +
      'Sending the same sourceEventId again returns the original outcome (duplicate: true) and changes nothing; the Idempotency-Key header works as on every POST. ' +
      'Refusals change nothing and are not kept, so an event refused as out of order may be sent again later. Every attempt is audited.',
  })
  @ApiBody({
    type: WardEventRequest,
    examples: {
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
      "No service user with this NHS number at your Trust (an unknown number and another Trust's patient answer alike)",
  })
  @ApiConflictResponse({
    description:
      'Out of order, nothing changed; `rule` names it: discharge_needs_ward_support, discharged_after_readmission, readmission_follows_discharge, readmission_after_discharge; ' +
      'or source_event_id_reused (the sourceEventId was already used for a different event)',
  })
  @ApiUnprocessableEntityResponse({ description: 'occurredOn is in the future' })
  @ApiProblemResponses()
  async receive(@CurrentActor() actor: Actor, @Body() body: WardEventRequest): Promise<WardEventResponse> {
    const { event, duplicate } = await this.wardEvents.receive(actor, body);
    return WardEventResponse.from(event, duplicate);
  }
}
