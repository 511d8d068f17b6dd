import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { deleteRedisPrefix, TEST_REDIS_URL } from '../support/services';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/test-app';
import { AppProcess, buildApp, freePort, waitForStatus } from './support/app-process';
import { PrivatePostgres } from './support/private-postgres';

jest.setTimeout(300_000);

/**
 * PostgreSQL restarted (immediate stop: a crash as clients see it) while writes are in flight, on a cluster the
 * test starts for itself. Every acknowledged write is in the database exactly once; writes that failed are
 * refused cleanly (never a 500) and, retried with their Idempotency-Key, land once; the app recovers alone.
 */
describe('PostgreSQL restarted mid-write', () => {
  const suffix = randomBytes(4).toString('hex');
  const prefix = `enrich-test-${process.env.ENRICH_TEST_RUN_ID}-pgrestart-${suffix}`;
  let pg: PrivatePostgres | undefined;
  let app: AppProcess | undefined;
  let build: { main: string; remove: () => void } | undefined;
  let base = '';

  beforeAll(async () => {
    [build, pg] = await Promise.all([buildApp(), freePort().then((port) => PrivatePostgres.create(port))]);
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query('CREATE DATABASE enrich');
    await admin.end();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = AppProcess.start(build.main, {
      APP_ROLE: 'all',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: base,
      JWT_SECRET: `pg-restart-${suffix}-0123456789abcdef0123456789`,
      DATABASE_URL: pg.databaseUrl('enrich'),
      DATABASE_MIGRATE_ON_START: 'true',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      IDEMPOTENCY_ABANDONED_AFTER_SECONDS: '2',
    });
    await waitForStatus(`${base}/health/ready`, 200, 120_000);
  });
  afterAll(async () => {
    await app?.kill();
    await pg?.destroy();
    build?.remove();
    await deleteRedisPrefix(prefix);
  });

  const signIn = async () => {
    const response = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    });
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  const createSite = (token: string, odsCode: string) =>
    fetch(`${base}/api/v1/sites`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': `pg-${odsCode}`,
      },
      body: JSON.stringify({ name: `Trust ${odsCode}`, odsCode, settings: {} }),
    }).then(
      async (r) => ({
        status: r.status,
        type: r.headers.get('content-type') ?? '',
        retryAfter: r.headers.get('retry-after'),
        id: r.status === 201 ? ((await r.json()) as { id: string }).id : (await r.text(), null),
      }),
      () => ({ status: 0, type: '', retryAfter: null, id: null }),
    );
  const rows = async () => {
    const client = new Client({ connectionString: pg!.databaseUrl('enrich') });
    await client.connect();
    try {
      const { rows: found } = await client.query<{ id: string; ods_code: string }>('SELECT id, ods_code FROM sites');
      return found.reduce(
        (m, r) => m.set(r.ods_code, [...(m.get(r.ods_code) ?? []), r.id]),
        new Map<string, string[]>(),
      );
    } finally {
      await client.end();
    }
  };

  it('keeps every acknowledged write once, refuses the rest cleanly, and is ready again without a restart', async () => {
    const token = await signIn();
    const tag = suffix.slice(0, 2).toUpperCase();
    // A stream of writes, one every 25 ms, from before the stop until 1.5 s after PostgreSQL is back.
    const codes: string[] = [];
    const inFlight: Promise<Awaited<ReturnType<typeof createSite>>>[] = [];
    let streaming = true;
    const stream = (async () => {
      while (streaming && codes.length < 900) {
        const code = `P${tag}${String(codes.length).padStart(3, '0')}`;
        codes.push(code);
        inFlight.push(createSite(token, code));
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    await new Promise((r) => setTimeout(r, 400));
    const stoppedAt = Date.now();
    await pg!.stop('immediate');
    await new Promise((r) => setTimeout(r, 500));
    await pg!.start();
    const downMs = Date.now() - stoppedAt;
    await new Promise((r) => setTimeout(r, 1500));
    streaming = false;
    await stream;
    const answers = await Promise.all(inFlight);
    const writes = codes.length;
    const acknowledged = answers.map((a, i) => ({ ...a, code: codes[i] })).filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    // A write that met the outage is refused as a retryable problem: 503 problem+json with Retry-After.
    expect(
      refused.filter((a) => a.status !== 503 || !a.type.includes('application/problem+json') || !a.retryAfter),
    ).toEqual([]);
    expect(refused.length).toBeGreaterThan(0); // the restart really landed mid-stream
    expect(acknowledged.length).toBeGreaterThan(0);
    // Writes after PostgreSQL came back are served by the same process, without a restart.
    const afterBack = answers.slice(-10);
    expect(afterBack.filter((a) => a.status !== 201)).toEqual([]);

    const recoveredInMs = await waitForStatus(`${base}/health/ready`, 200, 60_000);
    expect(app!.alive).toBe(true); // recovered alone: the same process

    const afterRestart = await rows();
    for (const a of acknowledged)
      expect({ code: a.code, rows: afterRestart.get(a.code) }).toEqual({ code: a.code, rows: [a.id] });

    // The client retries every write with its key. A key claimed by a request the outage cut short is taken over
    // after IDEMPOTENCY_ABANDONED_AFTER_SECONDS; 409 means the row exists (the record) though its answer was not kept.
    await new Promise((r) => setTimeout(r, 2500));
    const retried = await Promise.all(codes.map((code) => createSite(token, code)));
    for (const [i, retry] of retried.entries()) {
      expect({ code: codes[i], ok: [201, 409].includes(retry.status) }).toEqual({ code: codes[i], ok: true });
      if (answers[i].status === 201) expect(retry.id).toBe(answers[i].id);
    }
    const final = await rows();
    const notOnce = codes.filter((code) => final.get(code)?.length !== 1);
    expect(notOnce).toEqual([]);
    process.stdout.write(
      `postgres restart: ${writes} writes, down ${downMs} ms, ${acknowledged.length} acknowledged, ` +
        `${refused.length} refused with 503, readiness 200 again ${recoveredInMs} ms after the stream, 0 lost, 0 duplicated\n`,
    );
  });
});
