import { randomBytes } from 'node:crypto';
import { quoteIdentifier } from '../src/database/database-setup';
import { runPendingMigrations } from '../src/database/database-setup';
import { assertServicesReachable, databaseUrl, withServerClient } from './support/services';

/**
 * Once per `npm test`: check PostgreSQL and Redis answer, then build a migrated template database
 * that each end-to-end test file clones (CREATE DATABASE … TEMPLATE is much faster than migrating).
 */
export default async function globalSetup(): Promise<void> {
  try {
    await assertServicesReachable();
  } catch (error) {
    process.stderr.write(`\n${(error as Error).message}\n`);
    process.exit(1);
  }
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const template = `enrich_test_${runId}_template`;
  await withServerClient((client) => client.query(`CREATE DATABASE ${quoteIdentifier(template)}`));
  await runPendingMigrations(databaseUrl(template));
  process.env.ENRICH_TEST_RUN_ID = runId;
  process.env.ENRICH_TEST_TEMPLATE_DATABASE = template;
}
