import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { QUEUES } from './queues';

/** Queue depth and failed-job counts for /health/ready. Informational: a backlog does not make the API unready. */
@Injectable()
export class QueueHealthIndicator {
  private readonly queues: Queue[];

  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectQueue(QUEUES.housekeeping) housekeeping: Queue,
    @InjectQueue(QUEUES.outboxRelay) outboxRelay: Queue,
    @InjectQueue(QUEUES.domainEvents) domainEvents: Queue,
    @InjectQueue(QUEUES.reminders) reminders: Queue,
    @InjectQueue(QUEUES.webhookDeliveries) webhookDeliveries: Queue,
  ) {
    this.queues = [housekeeping, outboxRelay, domainEvents, reminders, webhookDeliveries];
  }

  all(): Queue[] {
    return this.queues;
  }

  async depths(key: string) {
    const indicator = this.indicators.check(key);
    try {
      const entries = await Promise.race([
        Promise.all(
          this.queues.map(
            async (q) => [q.name, await q.getJobCounts('waiting', 'delayed', 'active', 'failed')] as const,
          ),
        ),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return indicator.up(Object.fromEntries(entries));
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
