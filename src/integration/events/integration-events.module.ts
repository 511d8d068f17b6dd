import { Global, Module } from '@nestjs/common';
import { PublishedEventFanOut } from '../../scheduling/outbox/published-event-fan-out';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { EventsController } from './events.controller';
import { IntegrationEventsFanOut } from './integration-events.fan-out';
import { IntegrationEventsPublisher } from './integration-events.publisher';
import { IntegrationEventsRepository } from './integration-events.repository';
import { IntegrationEventsService } from './integration-events.service';

/**
 * Domain events out: the published stream (`integration_events`), fed inside each emitting transaction by
 * IntegrationEventsPublisher, delivered by webhooks (through the outbox: the worker's domain-events processor
 * calls PublishedEventFanOut, provided here globally) and replayed by `GET /events`.
 */
@Global()
@Module({
  imports: [WebhooksModule],
  controllers: [EventsController],
  providers: [
    IntegrationEventsRepository,
    IntegrationEventsPublisher,
    IntegrationEventsService,
    IntegrationEventsFanOut,
    { provide: PublishedEventFanOut, useExisting: IntegrationEventsFanOut },
  ],
  exports: [IntegrationEventsService, PublishedEventFanOut],
})
export class IntegrationEventsModule {}
