import { quoteIdentifier } from '../src/database/database-setup';
import { deleteRedisPrefix, withServerClient } from './support/services';

/** Drop every database this run made (files drop their own; this catches any a crash left behind). */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.ENRICH_TEST_RUN_ID;
  if (!runId) return;
  await withServerClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`enrich_test_${runId}_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)} WITH (FORCE)`);
  });
  await deleteRedisPrefix(`enrich-test-${runId}`);
}
