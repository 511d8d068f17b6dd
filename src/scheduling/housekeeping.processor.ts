import { Processor } from '@nestjs/bullmq';
import { ResilientWorkerHost } from './resilient-worker-host';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { QUEUES } from './queues';

export const PURGE_EXPIRED_REFRESH_TOKENS = 'purge-expired-refresh-tokens';
export const PURGE_EXPIRED_IDEMPOTENCY_KEYS = 'purge-expired-idempotency-keys';

/** Runs in the worker role only. Each job re-reads the database; nothing is carried in the job data. */
@Processor(QUEUES.housekeeping)
export class HousekeepingProcessor extends ResilientWorkerHost {
  private readonly logger = new Logger(HousekeepingProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly idempotencyKeys: IdempotencyStore,
  ) {
    super();
  }

  async process(job: Pick<Job, 'name'>): Promise<{ purged: number }> {
    if (job.name === PURGE_EXPIRED_IDEMPOTENCY_KEYS) {
      const purged = await this.idempotencyKeys.purgeExpired();
      this.logger.log({ purged }, 'Purged expired idempotency keys');
      return { purged };
    }
    if (job.name !== PURGE_EXPIRED_REFRESH_TOKENS) throw new Error(`Unknown housekeeping job ${job.name}`);
    // Keep a day of expired tokens so a reuse attempt just after expiry is still recognised.
    const result = await this.dataSource.query<unknown>(
      `DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'`,
    );
    const purged = Array.isArray(result) ? Number(result[1] ?? 0) : 0;
    this.logger.log({ purged }, 'Purged expired refresh tokens');
    return { purged };
  }
}
