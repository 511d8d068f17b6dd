import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { PURGE_EXPIRED_IDEMPOTENCY_KEYS, PURGE_EXPIRED_REFRESH_TOKENS } from './housekeeping.processor';
import { QUEUES } from './queues';

/** Registers the repeating housekeeping jobs; upsert by a fixed id, so every replica can do it safely. */
@Injectable()
export class HousekeepingScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QUEUES.housekeeping) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(PURGE_EXPIRED_REFRESH_TOKENS, { every: 60 * 60 * 1000 }, { name: PURGE_EXPIRED_REFRESH_TOKENS });
    await this.queue.upsertJobScheduler(PURGE_EXPIRED_IDEMPOTENCY_KEYS, { every: 60 * 60 * 1000 }, { name: PURGE_EXPIRED_IDEMPOTENCY_KEYS });
  }
}
