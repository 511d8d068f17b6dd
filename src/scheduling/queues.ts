import type { DefaultJobOptions } from 'bullmq';

/** Every queue ENRICH runs, by name. The README's "Queues and jobs" section documents each. */
export const QUEUES = {
  /** Routine upkeep: purging expired refresh tokens and expired idempotency keys. */
  housekeeping: 'housekeeping',
} as const;

/** Retries with exponential backoff; failed jobs are kept (the dead-letter view), completed ones trimmed. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: false,
};
