import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Queue } from 'bullmq';
import { createRedisClient, type RedisClient, redisTarget } from '../common/redis/redis-client';
import type { Environment } from '../config/environment';
import {
  PURGE_EXPIRED_IDEMPOTENCY_KEYS,
  PURGE_EXPIRED_REFRESH_TOKENS,
  PURGE_SPENT_PASSWORD_RESETS,
} from './housekeeping.processor';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { QUEUES } from './queues';
import { DailyDigest } from './reminders/daily-digest.service';
import { ReminderRebuild } from './reminders/reminder-rebuild.service';

export const RELAY_OUTBOX = 'relay-outbox';
/** Set once Redis holds our schedule; its absence means Redis restarted without its data (or is new). */
export const SCHEDULE_MARKER = 'schedule-asserted';
const REDIS_STEP_TIMEOUT_MS = 5000;

const withTimeout = <T>(work: Promise<T>, what: string): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} timed out`)), REDIS_STEP_TIMEOUT_MS).unref(),
    ),
  ]);

/**
 * Keeps the worker's schedule in Redis, not only at boot: every SCHEDULE_KEEPER_INTERVAL_MS it upserts the
 * repeating jobs (relay tick, housekeeping; fixed ids, so every worker may), and if the marker key is gone
 * — Redis came back empty — it rebuilds every delayed reminder from PostgreSQL and queues the next digest.
 * It also runs the relay itself when the tick has not run for a while, so an outage is recorded on the
 * outbox rows (attempts, last error) even while BullMQ cannot deliver its own tick.
 */
@Injectable()
export class ScheduleKeeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ScheduleKeeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Times Redis was found without our schedule and it was rebuilt (boot on an empty Redis counts). */
  rebuilds = 0;
  /** Our own fail-fast connection for the marker: an outage shows as an error, not a queued command. */
  private readonly redis: RedisClient;

  constructor(
    @InjectQueue(QUEUES.outboxRelay) private readonly relayQueue: Queue,
    @InjectQueue(QUEUES.housekeeping) private readonly housekeepingQueue: Queue,
    private readonly relay: OutboxRelay,
    private readonly reminders: ReminderRebuild,
    private readonly digest: DailyDigest,
    private readonly config: ConfigService<Environment, true>,
  ) {
    this.redis = createRedisClient(redisTarget(config), {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2000,
    });
    this.redis.on('error', () => undefined); // reported by the round's warning and by /health/ready
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.keep();
    this.timer = setInterval(() => void this.keep(), this.config.get('SCHEDULE_KEEPER_INTERVAL_MS', { infer: true }));
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    this.redis.disconnect();
  }

  /** One round; rounds never overlap. */
  keep(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  private async round(): Promise<void> {
    const interval = this.config.get('OUTBOX_RELAY_INTERVAL_MS', { infer: true });
    try {
      await withTimeout(this.assertRepeatingJobs(interval), 'Upserting the repeating jobs');
      if (this.redis.status === 'wait' || this.redis.status === 'end')
        await withTimeout(this.redis.connect(), 'Connecting to Redis');
      const marker = `${this.config.get('REDIS_PREFIX', { infer: true })}:${SCHEDULE_MARKER}`;
      if (!(await withTimeout(this.redis.exists(marker), 'Reading the schedule marker'))) {
        this.logger.warn('Redis holds no schedule (restarted without its data?): rebuilding reminders from PostgreSQL');
        await this.reminders.rebuild();
        await this.digest.scheduleNext();
        await withTimeout(this.redis.set(marker, new Date().toISOString()), 'Writing the schedule marker');
        this.rebuilds++;
      }
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'Could not assert the schedule in Redis; will retry');
    }
    // The relay tick is itself a Redis job: when it has not run lately, run the relay from here.
    if (Date.now() - this.relay.lastRunAt > 3 * interval) await this.relay.relayPending().catch(() => undefined);
  }

  private async assertRepeatingJobs(relayEveryMs: number): Promise<void> {
    await this.relayQueue.upsertJobScheduler(
      RELAY_OUTBOX,
      { every: relayEveryMs },
      { name: RELAY_OUTBOX, opts: { removeOnComplete: true, removeOnFail: 100, attempts: 1 } },
    );
    await this.housekeepingQueue.upsertJobScheduler(
      PURGE_EXPIRED_REFRESH_TOKENS,
      { every: 60 * 60 * 1000 },
      { name: PURGE_EXPIRED_REFRESH_TOKENS },
    );
    await this.housekeepingQueue.upsertJobScheduler(
      PURGE_EXPIRED_IDEMPOTENCY_KEYS,
      { every: 60 * 60 * 1000 },
      { name: PURGE_EXPIRED_IDEMPOTENCY_KEYS },
    );
    await this.housekeepingQueue.upsertJobScheduler(
      PURGE_SPENT_PASSWORD_RESETS,
      { every: 60 * 60 * 1000 },
      { name: PURGE_SPENT_PASSWORD_RESETS },
    );
  }
}
