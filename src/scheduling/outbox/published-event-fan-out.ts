/** The outbox row that asks the worker to fan one published domain event out to its webhook subscriptions. */
export const PUBLISHED_EVENT_OUTBOX_TYPE = 'integration_event.published';

/**
 * Implemented by src/integration/events (provided globally), so the worker can hand it the relayed row
 * without scheduling depending on that area: queue one webhook delivery per matching subscription.
 */
export abstract class PublishedEventFanOut {
  /** How many subscriptions the event was queued for (0 when the row names no published event). */
  abstract fanOut(outboxEventId: string): Promise<number>;
}
