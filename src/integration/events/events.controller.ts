import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Scope } from '../../auth/oauth/scopes';
import { Access, CurrentActor, RequireScope } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { ApiProblem, ApiProblemResponses } from '../../common/http/api-problem-responses';
import { EventPageResponse, EventReplayQuery } from './dto/events.dto';
import { IntegrationEventsService } from './integration-events.service';

@ApiTags('Webhooks')
@Controller('events')
@RequireScope(Scope.EventsSubscribe)
export class EventsController {
  constructor(private readonly events: IntegrationEventsService) {}

  @Get()
  @Access(Role.Admin, Role.Integration)
  @ApiOperation({
    summary: 'Replay domain events from a cursor',
    description:
      'The domain events webhooks deliver, as CloudEvents 1.0, in stream order: a consumer that was down passes the `next` it kept and catches up. ' +
      'An integration client sees the events of its sites (admins: every site). An event appears once its transaction and every older one have finished, so a cursor never skips one. ' +
      'See docs/reference/events-out.md.',
  })
  @ApiOkResponse({ type: EventPageResponse })
  @ApiProblem(400, 'A cursor this API did not return, or an event type no published event has')
  @ApiProblemResponses()
  async replay(@CurrentActor() actor: Actor, @Query() query: EventReplayQuery): Promise<EventPageResponse> {
    return this.events.replay(actor, query);
  }
}
