import type { DefaultJobOptions } from 'bullmq';

/** Every queue ENRICH runs, by name. docs/reference/queues.md documents each. */
export const QUEUES = {
  /** Routine upkeep: purging expired refresh tokens and expired idempotency keys. */
  housekeeping: 'housekeeping',
  /** The repeating relay tick: moves unsent outbox rows into `domain-events`. */
  outboxRelay: 'outbox-relay',
  /** One job per outbox row (job id `outbox-<row id>`): plans reminders through the registered policies. */
  domainEvents: 'domain-events',
  /** Delayed reminders and escalations (deterministic job ids), and the daily digest. */
  reminders: 'reminders',
  /** One job per (webhook subscription, event): a signed POST, retried with backoff. */
  webhookDeliveries: 'webhook-deliveries',
} as const;

/** Retries with exponential backoff; failed jobs are kept (the dead-letter view), completed ones trimmed. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: false,
};

export const outboxJobId = (outboxEventId: string) => `outbox-${outboxEventId}`;
