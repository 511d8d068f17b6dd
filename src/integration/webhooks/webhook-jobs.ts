/** An event to push to one subscription; the job id is `${subscriptionId}-${eventId}`, so it is queued once. */
export interface WebhookEvent {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
  /** A domain event: the CloudEvent (structured JSON) that is the body of every attempt. */
  cloudEvent?: Record<string, unknown>;
}

/** Implemented in src/scheduling (the only code that touches BullMQ): queue a delivery with retries. */
export abstract class WebhookJobs {
  abstract enqueueDelivery(subscriptionId: string, event: WebhookEvent): Promise<void>;
}
