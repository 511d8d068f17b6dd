import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { ReminderJobs } from './reminder-jobs';
import { ReminderRegistry } from './reminder-registry';

/** Turns one relayed outbox event into reminder jobs (and removes the ones it makes obsolete). */
@Injectable()
export class ReminderPlanner {
  private readonly logger = new Logger(ReminderPlanner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ReminderRegistry,
    private readonly jobs: ReminderJobs,
  ) {}

  /**
   * `notBefore`: when rebuilding after Redis lost its data, reminders that were due before this instant
   * are left alone (they fired, or are long past); everything later is scheduled again under its own id.
   */
  async planFor(
    outboxEventId: string,
    options: { notBefore?: Date } = {},
  ): Promise<{ scheduled: number; cancelled: number }> {
    const event = await this.dataSource.getRepository(OutboxEvent).findOneBy({ id: outboxEventId });
    if (!event) return { scheduled: 0, cancelled: 0 };
    let scheduled = 0;
    let cancelled = 0;
    for (const policy of this.registry.policiesFor(event.type)) {
      const plan = await policy.plan(event, this.dataSource.manager);
      for (const jobId of plan.cancel ?? []) if (await this.jobs.cancel(jobId)) cancelled++;
      for (const reminder of plan.schedule) {
        if (options.notBefore && reminder.fireAt < options.notBefore) continue;
        await this.jobs.schedule(reminder);
        scheduled++;
      }
    }
    return { scheduled, cancelled };
  }
}
