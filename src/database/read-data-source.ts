import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Environment } from '../config/environment';
import { dataSourceOptions, poolSettingsOf } from './data-source-options';

/**
 * The connection for read-only endpoints whose data may lag a moment behind the primary (reports, fidelity,
 * outcome summaries, FHIR searches): a PostgreSQL read replica when DATABASE_READ_URL is set, otherwise the
 * primary itself. Authority checks, audit rows and every write stay on the primary.
 */
export const READ_DATA_SOURCE = Symbol('READ_DATA_SOURCE');

/** Inject the read-only connection (see READ_DATA_SOURCE). */
export const InjectReadDataSource = (): ParameterDecorator => Inject(READ_DATA_SOURCE);

/** Closes the replica's pool at shutdown; the primary's belongs to TypeOrmModule. */
@Injectable()
class ReadDataSourceLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(READ_DATA_SOURCE) private readonly read: DataSource,
    @Inject(getDataSourceToken()) private readonly primary: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.read !== this.primary && this.read.isInitialized) await this.read.destroy();
  }
}

/** The replica's options: the primary's pool settings, a name of its own, and every transaction read-only. */
export function readReplicaOptions(env: Environment, url: string) {
  const options = dataSourceOptions(url, poolSettingsOf({ ...env, DATABASE_POOL_MAX: env.DATABASE_READ_POOL_MAX }));
  return {
    ...options,
    // A write that strays onto the replica fails loudly here too, not only on a real standby.
    extra: {
      ...(options.extra as Record<string, unknown>),
      application_name: 'enrich-read',
      options: '-c default_transaction_read_only=on',
    },
  };
}

@Global()
@Module({
  providers: [
    {
      provide: READ_DATA_SOURCE,
      inject: [ConfigService, getDataSourceToken()],
      useFactory: async (config: ConfigService<Environment, true>, primary: DataSource): Promise<DataSource> => {
        const url = config.get('DATABASE_READ_URL', { infer: true });
        if (!url) return primary;
        const env = {
          DATABASE_READ_POOL_MAX: config.get('DATABASE_READ_POOL_MAX', { infer: true }),
          DATABASE_POOL_MAX: config.get('DATABASE_POOL_MAX', { infer: true }),
          DATABASE_POOL_ACQUIRE_TIMEOUT_MS: config.get('DATABASE_POOL_ACQUIRE_TIMEOUT_MS', { infer: true }),
          DATABASE_LOCK_TIMEOUT_MS: config.get('DATABASE_LOCK_TIMEOUT_MS', { infer: true }),
          DATABASE_STATEMENT_TIMEOUT_MS: config.get('DATABASE_STATEMENT_TIMEOUT_MS', { infer: true }),
          DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: config.get('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', {
            infer: true,
          }),
        } as Environment;
        return new DataSource(readReplicaOptions(env, url)).initialize();
      },
    },
    ReadDataSourceLifecycle,
  ],
  exports: [READ_DATA_SOURCE],
})
export class ReadDatabaseModule {}
