import { Processor } from '@nestjs/bullmq';
import { ResilientWorkerHost } from './resilient-worker-host';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AuthService } from '../auth/auth.service';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { UsersService } from '../users/users.service';
import { QUEUES } from './queues';

export const PURGE_EXPIRED_REFRESH_TOKENS = 'purge-expired-refresh-tokens';
export const PURGE_EXPIRED_IDEMPOTENCY_KEYS = 'purge-expired-idempotency-keys';
export const PURGE_SPENT_PASSWORD_RESETS = 'purge-spent-password-resets';

/**
 * Runs in the worker role only. Each job re-reads the database; nothing is carried in the job data. The rows
 * belong to their areas, so each purge is theirs (auth's refresh tokens, users' password resets).
 */
@Processor(QUEUES.housekeeping)
export class HousekeepingProcessor extends ResilientWorkerHost {
  private readonly logger = new Logger(HousekeepingProcessor.name);

  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly idempotencyKeys: IdempotencyStore,
  ) {
    super();
  }

  async process(job: Pick<Job, 'name'>): Promise<{ purged: number }> {
    const purges: Record<string, [() => Promise<number>, string]> = {
      [PURGE_EXPIRED_IDEMPOTENCY_KEYS]: [() => this.idempotencyKeys.purgeExpired(), 'Purged expired idempotency keys'],
      [PURGE_EXPIRED_REFRESH_TOKENS]: [() => this.auth.purgeExpiredRefreshTokens(), 'Purged expired refresh tokens'],
      [PURGE_SPENT_PASSWORD_RESETS]: [() => this.users.purgeSpentPasswordResets(), 'Purged spent password resets'],
    };
    const purge = purges[job.name];
    if (!purge) throw new Error(`Unknown housekeeping job ${job.name}`);
    const purged = await purge[0]();
    this.logger.log({ purged }, purge[1]);
    return { purged };
  }
}
