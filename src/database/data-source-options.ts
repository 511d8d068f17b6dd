import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

const root = join(__dirname, '..', '..');

/**
 * The one set of TypeORM options, shared by the app, the worker, the TypeORM CLI and the tests.
 * Entities and migrations are found by file name so a new area only has to add files.
 */
/** Pool and server-side timeouts; their defaults live in Environment (config/environment.ts). */
export interface PoolSettings {
  poolMax: number;
  acquireTimeoutMs: number;
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

/** The Environment's pool settings, for every place that opens a DataSource. */
export function poolSettingsOf(env: {
  DATABASE_POOL_MAX: number;
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS: number;
  DATABASE_LOCK_TIMEOUT_MS: number;
  DATABASE_STATEMENT_TIMEOUT_MS: number;
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: number;
}): PoolSettings {
  return {
    poolMax: env.DATABASE_POOL_MAX,
    acquireTimeoutMs: env.DATABASE_POOL_ACQUIRE_TIMEOUT_MS,
    lockTimeoutMs: env.DATABASE_LOCK_TIMEOUT_MS,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

export function dataSourceOptions(url: string, pool?: PoolSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // Entities live under src/ (dist/src/ once built); migrations in migrations/ (dist/migrations/).
    entities: [join(root, 'src', '**', '*.entity.{ts,js}')],
    migrations: [join(root, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // TypeORM's own logger prints failed queries with their parameters (personal data): off.
    // Unexpected errors are logged by ProblemDetailsFilter, by type and message only.
    logging: false,
    // Without these a burst waiting on one row lock holds every connection forever: waiters give up
    // (lock_timeout), a stuck transaction is ended by the server, and a request that cannot get a
    // connection is told to retry (503) instead of queueing without end.
    extra: pool
      ? {
          max: pool.poolMax,
          application_name: 'enrich',
          connectionTimeoutMillis: pool.acquireTimeoutMs,
          lock_timeout: pool.lockTimeoutMs,
          statement_timeout: pool.statementTimeoutMs,
          idle_in_transaction_session_timeout: pool.idleInTransactionTimeoutMs,
        }
      : { max: 20, application_name: 'enrich' },
  };
}
