import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ProblemDetailsFilter } from './common/http/problem-details.filter';
import { InputHygieneGuard } from './common/http/input-hygiene';
import { AppRole, Environment, validateEnvironment } from './config/environment';
import { dataSourceOptions, poolSettingsOf } from './database/data-source-options';
import { ReadDatabaseModule } from './database/read-data-source';
import { TransactionConnectionCheck } from './database/transaction-connection-check';
import { DeliveryModule } from './delivery/delivery.module';
import { EpisodesModule } from './episodes/episodes.module';
import { StepDownModule } from './delivery/step-down/step-down.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { FhirModule } from './integration/fhir/fhir.module';
import { WardEventsModule } from './integration/ward-events/ward-events.module';
import { loggerOptions } from './logging/logger-options';
import { PairingModule } from './pairing/pairing.module';
import { OutboxModule } from './scheduling/outbox/outbox.module';
import { EventsModule } from './common/events/events.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { ResearchModule } from './research/research.module';
import { ServiceUsersModule } from './service-users/service-users.module';
import { SitesModule } from './sites/sites.module';
import { UsersModule } from './users/users.module';
import { PeerWorkersModule } from './workforce/peer-workers/peer-workers.module';
import { TrainingProgrammeModule } from './workforce/training/training.module';
import { WorkforceModule } from './workforce/workforce.module';
import { RecruitmentModule } from './workforce/recruitment/recruitment.module';
import { NotificationsModule } from './notifications/notifications.module';
import { WebhooksModule } from './integration/webhooks/webhooks.module';
import { IntegrationEventsModule } from './integration/events/integration-events.module';
import { AbsenceModule } from './absence/absence.module';
import { CoverModule } from './cover/cover.module';
import { SupervisionModule } from './supervision/supervision.module';
import { AttentionModule } from './attention/attention.module';
import { WellbeingModule } from './wellbeing/wellbeing.module';
import { ReportsModule } from './reports/reports.module';
import { FidelityModule } from './fidelity/fidelity.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { DashboardModule } from './dashboard/dashboard.module';

/** The domain areas, in the order they build on each other. */
const AREAS = [
  AuditModule,
  OutboxModule,
  EventsModule,
  IdempotencyModule,
  SitesModule,
  UsersModule,
  AuthModule,
  PeerWorkersModule,
  TrainingProgrammeModule,
  WorkforceModule,
  RecruitmentModule,
  ServiceUsersModule,
  EpisodesModule,
  PairingModule,
  DeliveryModule,
  NotificationsModule,
  WebhooksModule,
  IntegrationEventsModule,
  StepDownModule,
  AbsenceModule,
  CoverModule,
  SupervisionModule,
  AttentionModule,
  WellbeingModule,
  FhirModule,
  WardEventsModule,
  ReportsModule,
  FidelityModule,
  OutcomesModule,
  ResearchModule,
  DashboardModule,
];

@Module({})
export class AppModule {
  /** One codebase, two processes: `api` serves HTTP, `worker` runs the BullMQ processors, `all` does both. */
  static forRole(role: AppRole): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment }),
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Environment, true>) => loggerOptions(config),
        }),
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Environment, true>) =>
            dataSourceOptions(
              config.get('DATABASE_URL', { infer: true }),
              poolSettingsOf({
                DATABASE_POOL_MAX: config.get('DATABASE_POOL_MAX', { infer: true }),
                DATABASE_POOL_ACQUIRE_TIMEOUT_MS: config.get('DATABASE_POOL_ACQUIRE_TIMEOUT_MS', { infer: true }),
                DATABASE_LOCK_TIMEOUT_MS: config.get('DATABASE_LOCK_TIMEOUT_MS', { infer: true }),
                DATABASE_STATEMENT_TIMEOUT_MS: config.get('DATABASE_STATEMENT_TIMEOUT_MS', { infer: true }),
                DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: config.get('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', {
                  infer: true,
                }),
              }),
            ),
        }),
        ReadDatabaseModule,
        SchedulingModule.forRole({ processors: role !== 'api' }),
        HealthModule,
        ...AREAS,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Before AccessGuard's database read and before any pipe: hostile input never reaches either.
        { provide: APP_GUARD, useClass: InputHygieneGuard },
        TransactionConnectionCheck,
      ],
    };
  }
}
