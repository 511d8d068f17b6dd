import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Queue } from 'bullmq';
import type { Environment } from '../../config/environment';
import { WebhookEvent, WebhookJobs } from '../../integration/webhooks/webhook-jobs';
import { QUEUES } from '../queues';
import type { ScheduledReminder } from './reminder-policy';

export const DAILY_DIGEST_JOB = 'daily-digest';

/** The reminder as stored in the job: the fire time travels as an ISO string. */
export type ReminderJobData = Omit<ScheduledReminder, 'fireAt'> & { fireAt: string };

/** Producers for the reminder and webhook queues (every role may enqueue; only workers process). */
@Injectable()
export class ReminderJobs extends WebhookJobs {
  constructor(
    @InjectQueue(QUEUES.reminders) private readonly reminders: Queue,
    @InjectQueue(QUEUES.webhookDeliveries) private readonly webhooks: Queue,
    private readonly config: ConfigService<Environment, true>,
  ) {
    super();
  }

  /** Add a delayed reminder; an id already queued (or kept after completion) adds nothing. */
  async schedule(reminder: ScheduledReminder, now = Date.now()): Promise<void> {
    const data: ReminderJobData = { ...reminder, fireAt: reminder.fireAt.toISOString() };
    await this.reminders.add(reminder.kind, data, {
      jobId: reminder.jobId,
      delay: Math.max(0, reminder.fireAt.getTime() - now),
    });
  }

  /** Remove a reminder that has not fired yet; one already running is left to its own re-check. */
  async cancel(jobId: string): Promise<boolean> {
    const job = await this.reminders.getJob(jobId);
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'delayed' && state !== 'waiting' && state !== 'prioritized') return false;
    await job.remove().catch(() => undefined); // lost a race with a worker picking it up: its check re-reads state
    return true;
  }

  async scheduleDigest(forDate: string, fireAt: Date, now = Date.now()): Promise<void> {
    await this.reminders.add(
      DAILY_DIGEST_JOB,
      { date: forDate, fireAt: fireAt.toISOString() },
      { jobId: `${DAILY_DIGEST_JOB}-${forDate}`, delay: Math.max(0, fireAt.getTime() - now) },
    );
  }

  async enqueueDelivery(subscriptionId: string, event: WebhookEvent): Promise<void> {
    await this.webhooks.add(
      event.type,
      { subscriptionId, event },
      {
        jobId: `${subscriptionId}-${event.id}`,
        attempts: this.config.get('WEBHOOK_MAX_ATTEMPTS', { infer: true }),
        backoff: { type: 'exponential', delay: this.config.get('WEBHOOK_BACKOFF_MS', { infer: true }) },
      },
    );
  }
}
