import { Processor } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment';
import { ResilientWorkerHost } from './resilient-worker-host';
import { Job, UnrecoverableError } from 'bullmq';
import type { WebhookEvent } from '../integration/webhooks/webhook-jobs';
import { WebhooksService, WebhookSubscriptionDisabled } from '../integration/webhooks/webhooks.service';
import { OutboxRelay, RelayResult } from './outbox/outbox-relay.service';
import { PUBLISHED_EVENT_OUTBOX_TYPE, PublishedEventFanOut } from './outbox/published-event-fan-out';
import { QUEUES } from './queues';
import { DailyDigest } from './reminders/daily-digest.service';
import { DAILY_DIGEST_JOB, ReminderJobData } from './reminders/reminder-jobs';
import { ReminderPlanner } from './reminders/reminder-planner.service';
import { ReminderOutcome, ReminderRunner } from './reminders/reminder-runner.service';

export { RELAY_OUTBOX } from './schedule-keeper.service';

/**
 * All processors run in the worker role only. BullMQ locks each job to one worker (renewed while it
 * runs); a worker that dies loses its lock, and the job is moved back to waiting by the stalled-job check
 * of any surviving worker — retried, not lost. Every processor is idempotent for that reason.
 */
@Processor(QUEUES.outboxRelay)
export class OutboxRelayProcessor extends ResilientWorkerHost {
  constructor(private readonly relay: OutboxRelay) {
    super();
  }

  async process(): Promise<RelayResult> {
    return this.relay.relayPending();
  }
}

@Processor(QUEUES.domainEvents, { concurrency: 10 })
export class DomainEventProcessor extends ResilientWorkerHost {
  constructor(
    private readonly planner: ReminderPlanner,
    private readonly published: PublishedEventFanOut,
  ) {
    super();
  }

  /** The job is named after the outbox row's type: a published domain event fans out to its webhook subscriptions. */
  async process(job: Job<{ outboxEventId: string }>) {
    if (job.name === PUBLISHED_EVENT_OUTBOX_TYPE)
      return { subscriptions: await this.published.fanOut(job.data.outboxEventId) };
    return this.planner.planFor(job.data.outboxEventId);
  }
}

@Processor(QUEUES.reminders, { concurrency: 10 })
export class ReminderProcessor extends ResilientWorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly runner: ReminderRunner,
    private readonly digest: DailyDigest,
    private readonly config: ConfigService<Environment, true>,
  ) {
    super();
  }

  /** The decorator's concurrency is fixed at compile time; the deployment's setting wins once the worker exists. */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.get('REMINDER_WORKER_CONCURRENCY', { infer: true });
  }

  async process(job: Job): Promise<ReminderOutcome | { sites: number; notified: number }> {
    if (job.name === DAILY_DIGEST_JOB) {
      const { date } = job.data as { date: string };
      const result = await this.digest.send(date);
      await this.digest.scheduleNext(
        new Date(Math.max(Date.now(), new Date((job.data as { fireAt: string }).fireAt).getTime())),
      );
      return result;
    }
    return this.runner.fire(job.data as ReminderJobData);
  }
}

@Processor(QUEUES.webhookDeliveries, { concurrency: 5 })
export class WebhookDeliveryProcessor extends ResilientWorkerHost {
  constructor(private readonly webhooks: WebhooksService) {
    super();
  }

  async process(job: Job<{ subscriptionId: string; event: WebhookEvent }>) {
    try {
      return await this.webhooks.attemptDelivery(job.data.subscriptionId, job.data.event, job.attemptsMade + 1);
    } catch (error) {
      // A disabled subscription is not retried; the job stays in the failed list with the reason.
      if (error instanceof WebhookSubscriptionDisabled) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
