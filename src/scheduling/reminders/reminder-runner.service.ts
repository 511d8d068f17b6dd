import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationsService } from '../../notifications/notifications.service';
import type { ReminderJobData } from './reminder-jobs';
import { ReminderRegistry } from './reminder-registry';

export type ReminderOutcome =
  { outcome: 'notified'; created: number; delivered: number } | { outcome: 'no_longer_due' };

/** Fire one reminder: its policy re-reads the current state, then the notifications are stored and delivered. */
@Injectable()
export class ReminderRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ReminderRegistry,
    private readonly notifications: NotificationsService,
  ) {}

  async fire(data: ReminderJobData): Promise<ReminderOutcome> {
    const policy = this.registry.policy(data.policy);
    // Thrown (and so retried) rather than dropped: a worker without the policy must not lose the reminder.
    if (!policy) throw new Error(`No reminder policy ${data.policy} is registered in this process`);
    const drafts = await policy.check({ ...data, fireAt: new Date(data.fireAt) }, this.dataSource.manager);
    if (drafts === null) return { outcome: 'no_longer_due' };
    return { outcome: 'notified', ...(await this.notifications.dispatch(drafts)) };
  }
}
