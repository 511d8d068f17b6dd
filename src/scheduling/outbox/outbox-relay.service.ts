import { bullMqConnection } from '../../common/redis/redis-client';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { Environment } from '../../config/environment';
import { OutboxRepository } from './outbox.repository';
import { DEFAULT_JOB_OPTIONS, outboxJobId, QUEUES } from '../queues';

export interface RelayResult {
  relayed: number;
  /** The error that stopped this run (Redis unreachable …); the rows stay unsent for the next run. */
  error: string | null;
}

const ENQUEUE_TIMEOUT_MS = 5000;

/**
 * Moves unsent outbox rows into the `domain-events` queue. Rows are claimed with FOR UPDATE SKIP LOCKED,
 * so relays in several processes share the work; the job id is derived from the row id, so a row
 * enqueued and then (after a crash before the commit) enqueued again is still one job. A Redis outage
 * leaves rows unsent, with the attempt and error recorded; the next run catches up.
 */
@Injectable()
export class OutboxRelay implements OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private queue: Queue | null = null;
  private running: Promise<RelayResult> | null = null;
  /** When a relay run last finished (successfully or not), in ms since the epoch; 0 before the first. */
  lastRunAt = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** Relay every pending row, batch by batch. Concurrent calls in one process share one run. */
  relayPending(): Promise<RelayResult> {
    this.running ??= this.run().finally(() => {
      this.running = null;
      this.lastRunAt = Date.now();
    });
    return this.running;
  }

  private async run(): Promise<RelayResult> {
    const batchSize = this.config.get('OUTBOX_RELAY_BATCH_SIZE', { infer: true });
    let relayed = 0;
    for (;;) {
      let claimed: string[] = [];
      try {
        const count = await this.dataSource.transaction(async (manager) => {
          const rows = await this.outbox.claimUnsent(batchSize, manager);
          claimed = rows.map((r) => r.id);
          if (rows.length === 0) return 0;
          await this.enqueue(rows);
          await this.outbox.markRelayed(claimed, manager);
          return rows.length;
        });
        relayed += count;
        if (count < batchSize) return { relayed, error: null };
      } catch (error) {
        const message = (error as Error).message || String(error);
        await this.forgetQueue();
        if (claimed.length > 0) {
          await this.outbox.recordFailedAttempt(claimed, message).catch(() => undefined);
        }
        this.logger.warn({ error: message, pending: claimed.length }, 'Outbox relay could not enqueue; will retry');
        return { relayed, error: message };
      }
    }
  }

  private async enqueue(rows: { id: string; type: string }[]): Promise<void> {
    const queue = this.producer();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not accept the jobs within ${ENQUEUE_TIMEOUT_MS} ms`)),
        ENQUEUE_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([
        queue.addBulk(
          rows.map((r) => ({ name: r.type, data: { outboxEventId: r.id }, opts: { jobId: outboxJobId(r.id) } })),
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A producer of its own that fails fast (no offline queue), so an outage shows as an error, not a hang. */
  private producer(): Queue {
    if (!this.queue) {
      const url =
        this.config.get('OUTBOX_RELAY_REDIS_URL', { infer: true }) ?? this.config.get('REDIS_URL', { infer: true });
      this.queue = new Queue(QUEUES.domainEvents, {
        connection: bullMqConnection(
          { url, cluster: this.config.get('REDIS_CLUSTER', { infer: true }) },
          { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, retryStrategy: () => null },
        ),
        prefix: this.config.get('REDIS_PREFIX', { infer: true }),
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      this.queue.on('error', () => undefined); // reported through the relay's result and the outbox row
    }
    return this.queue;
  }

  private async forgetQueue(): Promise<void> {
    const queue = this.queue;
    this.queue = null;
    await queue?.close().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.forgetQueue();
  }
}
