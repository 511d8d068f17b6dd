import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment';
import { HousekeepingProcessor } from './housekeeping.processor';
import { HousekeepingScheduler } from './housekeeping.scheduler';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './queues';

/**
 * The only place that touches BullMQ. Queues (producers) exist in every role; processors only
 * where the role runs the worker, so API replicas and workers scale apart.
 */
@Module({})
export class SchedulingModule {
  static forRole(options: { processors: boolean }): DynamicModule {
    return {
      module: SchedulingModule,
      imports: [
        BullModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Environment, true>) => ({
            // BullMQ workers block on Redis; they must retry forever rather than fail a command.
            connection: { url: config.get('REDIS_URL', { infer: true }), maxRetriesPerRequest: null },
            prefix: config.get('REDIS_PREFIX', { infer: true }),
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
      ],
      providers: options.processors ? [HousekeepingProcessor, HousekeepingScheduler] : [],
      exports: [BullModule],
    };
  }
}
