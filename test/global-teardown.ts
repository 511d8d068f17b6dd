import { quoteIdentifier } from '../src/database/database-setup';
import { deleteRedisPrefix, withServerClient } from './support/services';

/** Drop every database this run made (files drop their own; this catches any a crash left behind). */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.ENRICH_TEST_RUN_ID;
  if (!runId) return;
  await withServerClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `enrich_test_${runId}_%`,
    ]);
    for (const { datname } of rows)
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)} WITH (FORCE)`);
  });
  await deleteRedisPrefix(`enrich-test-${runId}`);
  await reportLingeringResources();
}

/**
 * Jest runs in band here (two cores): every test file's app lives in this process. jest.config sets
 * forceExit so a stray handle can never hang CI; this says what was still open, so a leak is seen and fixed
 * rather than hidden. (Seen rarely on long runs; not reproducible file by file.)
 */
async function reportLingeringResources(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const lingering = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap' && kind !== 'PipeWrap');
  if (lingering.length === 0) return;
  // Which service each open socket talks to (5432 PostgreSQL, 6379 Redis) points at the leak.
  const handles = (process as unknown as { _getActiveHandles(): { remotePort?: number }[] })._getActiveHandles();
  const ports = handles.map((h) => h.remotePort).filter((port): port is number => typeof port === 'number');
  process.stderr.write(
    `Test run: still open after teardown: ${lingering.join(', ')}${ports.length ? ` (remote ports ${ports.join(', ')})` : ''}\n`,
  );
}
