import { request, type IncomingMessage } from 'node:http';
import type { Pool } from 'pg';
import { loadSeed } from '../../scripts/seed/load';
import { SEED_SIZES } from '../../scripts/seed/seed-sql';
import { databaseUrl } from '../support/services';
import { TestApp } from '../support/test-app';

const KEY = 'study-a:study-a-secret-for-the-disconnect-test-0123456789';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The extract's own session, seen from outside: its state and last statement (null once none is in a transaction). */
interface Session {
  state: string;
  query: string;
  /** When the session last changed state: a new FETCH changes it, a cursor held back by the reader does not. */
  since: string;
}

/**
 * A reader that goes away in the middle of a research extract (a browser closed, a proxy timeout) must stop the
 * database cursor: the transaction rolled back, the connection back in the pool, the extract audited as failed
 * with the rows sent so far, and no unhandled error in the process. Real PostgreSQL, real HTTP over loopback.
 */
describe('Research extract: a reader that disconnects mid-stream', () => {
  let t: TestApp;
  let base: string;
  let meetings: number;
  const unhandled: unknown[] = [];
  const onUnhandled = (error: unknown) => unhandled.push(error);

  beforeAll(async () => {
    t = await TestApp.start({ RESEARCH_EXTRACT_KEYS: KEY });
    // The query-plan seed: every service user has research consent, tens of thousands of meetings (several MB of
    // CSV, more than loopback's socket buffers hold, so a reader that stops reading holds the cursor back).
    await loadSeed(databaseUrl(t.databaseName), SEED_SIZES.test);
    [{ meetings }] = await t.dataSource.query<{ meetings: number }[]>('SELECT count(*)::int AS meetings FROM meetings');
    base = await t.listen();
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
  }, 180_000);
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    await t?.close();
  });

  const pool = () => (t.dataSource.driver as unknown as { master: Pool }).master;
  /** Sessions of this test's database (other than the one asking) inside a transaction. */
  const inTransaction = () =>
    t.dataSource.query<Session[]>(
      `SELECT state, query, state_change::text AS since FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE '%in transaction%'`,
    );
  const finishes = () =>
    t.dataSource.query<{ outcome: string; rows: number; error: string | null }[]>(
      `SELECT outcome, (details->>'rows')::int AS rows, details->>'error' AS error FROM audit_events
        WHERE action = 'research_extract.finish' AND resource_id = 'meetings' ORDER BY id`,
    );

  /** Open the meetings extract, read its first chunk, then stop reading (the response paused). */
  function openAndStall(): Promise<{ response: IncomingMessage; firstChunk: Buffer }> {
    const url = new URL('/api/v1/research-extracts/study-a/meetings.csv', base);
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { authorization: `Bearer ${t.adminToken}` } }, (response) => {
        response.once('data', (firstChunk: Buffer) => {
          response.pause();
          resolve({ response, firstChunk });
        });
        response.once('error', () => undefined); // destroyed by the test below
      });
      req.once('error', reject);
      req.end();
    });
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  it('rolls back the cursor’s transaction, returns the connection to the pool and audits the extract as failed', async () => {
    expect(meetings).toBeGreaterThan(20_000);
    const { response, firstChunk } = await openAndStall();
    expect(response.statusCode).toBe(200);
    expect(firstChunk.toString('utf8')).toMatch(/^person_pseudonym,episode_ref,/);

    // Mid-stream: the server has filled the socket and waits for the reader, its cursor open between two FETCHes.
    const waiting = await until('the extract to wait on the reader', async () => {
      const first = await inTransaction();
      await sleep(400);
      const second = await inTransaction();
      const stalled = second.find((s) => s.query.startsWith('FETCH FORWARD') && s.state === 'idle in transaction');
      return stalled && JSON.stringify(first) === JSON.stringify(second) ? stalled : undefined;
    });
    expect(waiting.query).toContain('FROM research_extract');
    expect(pool().totalCount - pool().idleCount).toBeGreaterThanOrEqual(1);

    response.destroy(); // the reader goes away

    const [finish] = await until('the extract to be audited as finished', async () => {
      const rows = await finishes();
      return rows.length > 0 ? rows : undefined;
    });
    expect(finish).toMatchObject({ outcome: 'failed' });
    expect(finish.rows).toBeGreaterThan(0);
    expect(finish.rows).toBeLessThan(meetings);
    expect(finish.error).toContain('abandoned');
    // No transaction left open anywhere: the cursor is gone with its rollback, and every pooled connection is idle.
    await until('no session in a transaction', async () => ((await inTransaction()).length === 0 ? true : undefined));
    await until('the pool to be idle', async () =>
      pool().idleCount === pool().totalCount && pool().waitingCount === 0 ? true : undefined,
    );
    expect(unhandled).toEqual([]);
  }, 60_000);

  it('serves the whole extract afterwards on the same pool, every row once', async () => {
    const response = await fetch(new URL('/api/v1/research-extracts/study-a/meetings.csv', base), {
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body.split('\r\n').filter((line) => line.length > 0)).toHaveLength(meetings + 1);
    expect((await finishes()).map((f) => f.outcome)).toEqual(['failed', 'success']);
    expect(pool().idleCount).toBe(pool().totalCount);
    expect(unhandled).toEqual([]);
  }, 60_000);
});
