import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

const root = join(__dirname, '..', '..');

/**
 * The one set of TypeORM options, shared by the app, the worker, the TypeORM CLI and the tests.
 * Entities and migrations are found by file name so a new area only has to add files.
 */
export function dataSourceOptions(url: string): DataSourceOptions {
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
    extra: { max: 20, application_name: 'enrich' },
  };
}
