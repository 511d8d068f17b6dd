import { Injectable } from '@nestjs/common';
import { PublishedEventFanOut } from '../../scheduling/outbox/published-event-fan-out';
import { WebhooksService } from '../webhooks/webhooks.service';
import { IntegrationEventsService } from './integration-events.service';

/** A relayed published event, queued once per matching webhook subscription (job id `${subscription}-${event id}`). */
@Injectable()
export class IntegrationEventsFanOut extends PublishedEventFanOut {
  constructor(
    private readonly published: IntegrationEventsService,
    private readonly webhooks: WebhooksService,
  ) {
    super();
  }

  async fanOut(outboxEventId: string): Promise<number> {
    const found = await this.published.cloudEventOf(outboxEventId);
    if (!found) return 0;
    const { event, siteId } = found;
    return this.webhooks.publish(
      { id: event.id, type: event.type, occurredAt: event.time, data: event.data, cloudEvent: { ...event } },
      siteId,
    );
  }
}
