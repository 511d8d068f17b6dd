import { bullMqConnection, closeSharedClusterClients } from '../common/redis/redis-client';
import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { Environment } from '../config/environment';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SitesModule } from '../sites/sites.module';
import { UsersModule } from '../users/users.module';
import { PeerWorkersModule } from '../workforce/peer-workers/peer-workers.module';
import { WebhookJobs } from '../integration/webhooks/webhook-jobs';
import { WebhooksModule } from '../integration/webhooks/webhooks.module';
import { AdminQueuesController } from './admin-queues.controller';
import { HousekeepingProcessor } from './housekeeping.processor';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { DomainEventProcessor, OutboxRelayProcessor, ReminderProcessor, WebhookDeliveryProcessor } from './processors';
import { ScheduleKeeper } from './schedule-keeper.service';
import { ReminderRebuild } from './reminders/reminder-rebuild.service';
import { ReminderRebuildRepository } from './reminders/reminder-rebuild.repository';
import { QueueHealthIndicator } from './queue-health';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './queues';
import { DailyDigest } from './reminders/daily-digest.service';
import { ReminderJobs } from './reminders/reminder-jobs';
import { ReminderPlanner } from './reminders/reminder-planner.service';
import { ReminderRegistry } from './reminders/reminder-registry';
import { ReminderRunner } from './reminders/reminder-runner.service';

/**
 * The queues as producers, for every role and every area: the registry that finds the areas' reminder
 * policies (@ProvidesReminders), and the webhook delivery queue. Global, so an area needs no import to use them.
 */
@Global()
@Module({
  imports: [
    BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
    TerminusModule,
    DiscoveryModule,
  ],
  providers: [
    ReminderRegistry,
    ReminderJobs,
    { provide: WebhookJobs, useExisting: ReminderJobs },
    QueueHealthIndicator,
  ],
  exports: [BullModule, ReminderRegistry, ReminderJobs, WebhookJobs, QueueHealthIndicator],
})
export class QueueProducersModule {}

/**
 * The only place that touches BullMQ. Queues (producers) exist in every role; processors only
 * where the role runs the worker, so API replicas and workers scale apart.
 */
@Module({})
export class SchedulingModule implements OnApplicationShutdown {
  /** On a Redis Cluster BullMQ was given cluster clients it does not close itself (see bullMqConnection). */
  async onApplicationShutdown(): Promise<void> {
    await closeSharedClusterClients();
  }

  static forRole(options: { processors: boolean }): DynamicModule {
    return {
      module: SchedulingModule,
      imports: [
        BullModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Environment, true>) => {
            const target = {
              url: config.get('REDIS_URL', { infer: true }),
              cluster: config.get('REDIS_CLUSTER', { infer: true }),
            };
            return {
              // BullMQ workers block on Redis; they must retry forever rather than fail a command.
              connection: bullMqConnection(target, { maxRetriesPerRequest: null }),
              prefix: config.get('REDIS_PREFIX', { infer: true }),
              defaultJobOptions: DEFAULT_JOB_OPTIONS,
            };
          },
        }),
        QueueProducersModule,
        NotificationsModule,
        WebhooksModule,
        SitesModule,
        AuthModule,
        UsersModule,
        PeerWorkersModule,
      ],
      controllers: [AdminQueuesController],
      providers: [
        OutboxRelay,
        ReminderPlanner,
        ReminderRunner,
        DailyDigest,
        ...(options.processors
          ? [
              HousekeepingProcessor,
              OutboxRelayProcessor,
              DomainEventProcessor,
              ReminderProcessor,
              WebhookDeliveryProcessor,
              ReminderRebuild,
              ReminderRebuildRepository,
              ScheduleKeeper,
            ]
          : []),
      ],
      exports: [OutboxRelay, ReminderRunner, DailyDigest],
    };
  }
}
