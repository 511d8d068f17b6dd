import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { quoteIdentifier } from '../../src/database/database-setup';
import { databaseUrl, deleteRedisPrefix, withServerClient } from '../support/services';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/test-app';

jest.setTimeout(240_000);
const ROOT = join(__dirname, '..', '..');
const BURST = 60;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The real service as its own process (built main.js, role all), killed with SIGKILL mid-burst: nothing acknowledged may be lost. */
describe('The app SIGKILLed mid-write and started again', () => {
  const suffix = randomBytes(4).toString('hex');
  const database = `enrich_test_${process.env.ENRICH_TEST_RUN_ID}_kill_${suffix}`;
  const prefix = `enrich-test-${process.env.ENRICH_TEST_RUN_ID}-kill-${suffix}`;
  let port = 0;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'src', 'main.js')))
      execFileSync('npx', ['nest', 'build'], { cwd: ROOT, stdio: 'ignore' });
    await withServerClient((c) =>
      c.query(
        `CREATE DATABASE ${quoteIdentifier(database)} TEMPLATE ${quoteIdentifier(process.env.ENRICH_TEST_TEMPLATE_DATABASE!)}`,
      ),
    );
    port = await freePort();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`));
    await deleteRedisPrefix(prefix);
  });

  async function start(): Promise<void> {
    child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      stdio: 'ignore',
      env: {
        ...process.env,
        NODE_ENV: 'test',
        APP_ROLE: 'all',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl(database),
        DATABASE_MIGRATE_ON_START: 'false',
        REDIS_PREFIX: prefix,
        LOG_LEVEL: 'silent',
        BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
        BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        SCHEDULE_KEEPER_INTERVAL_MS: '500',
        IDEMPOTENCY_ABANDONED_AFTER_SECONDS: '2',
      },
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (ready === 200) return;
      if (Date.now() > deadline) throw new Error('The app did not become ready');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const signIn = async () =>
    (
      (await (
        await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
        })
      ).json()) as { accessToken: string }
    ).accessToken;

  const createSite = (token: string, odsCode: string) =>
    fetch(`http://127.0.0.1:${port}/api/v1/sites`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': `kill-${odsCode}`,
      },
      body: JSON.stringify({ name: `Trust ${odsCode}`, odsCode, settings: {} }),
    }).then(
      async (r) => ({ status: r.status, body: r.status === 201 ? ((await r.json()) as { id: string }) : null }),
      () => ({ status: 0, body: null }),
    );

  it('keeps every acknowledged write, duplicates none on retry, and serves again after the restart', async () => {
    await start();
    const token = await signIn();
    const codes = Array.from(
      { length: BURST },
      (_, i) => `RK${suffix.slice(0, 2).toUpperCase()}${String(i).padStart(2, '0')}`,
    );
    const inFlight = codes.map((code, i) =>
      new Promise<void>((r) => setTimeout(r, i * 5)).then(() => createSite(token, code)),
    );
    await new Promise((r) => setTimeout(r, 120));
    child!.kill('SIGKILL');
    const answers = await Promise.all(inFlight);
    const acknowledged = answers.map((a, i) => ({ ...a, code: codes[i] })).filter((a) => a.status === 201);

    await start();
    const stored = async () =>
      (await fetchRows(database)).reduce<Map<string, string[]>>(
        (m, r) => m.set(r.ods_code, [...(m.get(r.ods_code) ?? []), r.id]),
        new Map(),
      );
    const afterRestart = await stored();
    for (const a of acknowledged) expect(afterRestart.get(a.code)).toEqual([a.body!.id]);

    // The client retries every request, with the same Idempotency-Key. A key the killed process had claimed
    // but not completed is abandoned after IDEMPOTENCY_ABANDONED_AFTER_SECONDS and may be used again.
    await new Promise((r) => setTimeout(r, 2500));
    const fresh = await signIn();
    for (const [i, code] of codes.entries()) {
      const retry = await createSite(fresh, code);
      // 201 (replayed or first), or 409: the site was written but its key's response was not (the row is the record).
      expect({ code, status: [201, 409].includes(retry.status) }).toEqual({ code, status: true });
      const first = answers[i];
      if (first.status === 201) expect(retry.body?.id).toBe(first.body!.id);
    }
    const final = await stored();
    for (const code of codes) expect({ code, rows: final.get(code)?.length }).toEqual({ code, rows: 1 });
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    process.stdout.write(
      `app kill: ${BURST} writes in flight, ${acknowledged.length} acknowledged before SIGKILL, 0 lost, 0 duplicated\n`,
    );
  });
});

async function fetchRows(database: string): Promise<{ id: string; ods_code: string }[]> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    return (await client.query(`SELECT id, ods_code FROM sites`)).rows;
  } finally {
    await client.end();
  }
}
