import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { anyEpisodeNumber, regionalCoordinator } from '../../scripts/bench/scenarios';
import { loadSeed } from '../../scripts/seed/load';
import { seedIdOf, SEED_SIZES } from '../../scripts/seed/seed-sql';
import { quoteIdentifier } from '../../src/database/database-setup';
import { waitFor } from '../scheduling/scheduling-fixtures';
import { databaseUrl, deleteRedisPrefix, TEST_REDIS_URL, withServerClient } from '../support/services';

/**
 * The service scaled out as deployed: the built app as two API processes and two worker processes, started at
 * the same moment on one empty PostgreSQL database and one Redis. Migrations run once; every reminder is sent
 * exactly once although two workers share the queues; the outbox relay moves every event once; the sign-in
 * limit is shared by the two API processes.
 */
jest.setTimeout(300_000);

const ROOT = join(__dirname, '..', '..');
const SECRET = 'multi-process-test-secret-0123456789abcdef';
const SCALE = 4e-5; // an hour lasts 0.144 s

describe('Two API and two worker processes on one database and one Redis', () => {
  const id = randomBytes(4).toString('hex');
  const outDir = join(ROOT, '.test-build', id);
  const database = `enrich_test_multiprocess_${id}`;
  const prefix = `enrich-test-mp-${id}`;
  const ports = [39000 + Math.floor(Math.random() * 500) * 2, 0].map((p, i, all) => (i === 0 ? p : all[0] + 1));
  const children: ChildProcess[] = [];
  let db: Client;

  beforeAll(async () => {
    // The processes run the compiled app, as in production (a build of its own, so it never races `npm run build`).
    await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        join(ROOT, 'tsconfig.build.json'),
        '--outDir',
        outDir,
      ],
      { cwd: ROOT },
    );
    await withServerClient((client) => client.query(`CREATE DATABASE ${quoteIdentifier(database)}`));
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl(database),
      DATABASE_MIGRATE_ON_START: 'true',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      JWT_SECRET: SECRET,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT_PER_MINUTE: '5',
      REMINDER_TIME_SCALE: String(SCALE),
      OUTBOX_RELAY_INTERVAL_MS: '100',
    };
    const start = (role: string, port: number) => {
      const child = spawn(process.execPath, [join(outDir, 'src', 'main.js')], {
        env: { ...env, APP_ROLE: role, PORT: String(port) },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
    };
    // All four at once: each one that migrates on start contends for the migration lock.
    start('api', ports[0]);
    start('api', ports[1]);
    start('worker', 0);
    start('worker', 0);
    for (const port of ports) {
      await waitFor(
        `the API on ${port}`,
        async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.ok,
        120_000,
      );
    }
    db = new Client({ connectionString: databaseUrl(database) });
    await db.connect();
    await loadSeed(databaseUrl(database), SEED_SIZES.test);
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((c) => (c.exitCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)))),
    );
    await db?.end();
    await withServerClient((client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`),
    );
    await deleteRedisPrefix(prefix);
    rmSync(outDir, { recursive: true, force: true });
  });

  it('applies each migration once although four processes started together', async () => {
    const { rows } = await db.query<{ name: string; n: number }>(
      'SELECT name, count(*)::int AS n FROM typeorm_migrations GROUP BY name',
    );
    expect(rows.length).toBe(readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.ts')).length);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
  });

  it('sends every meeting reminder exactly once, with meetings planned through both API processes', async () => {
    const size = SEED_SIZES.test;
    const actor = regionalCoordinator(size);
    const token = jwt.sign({ sub: actor.id, kind: 'user', roles: actor.roles, sites: actor.sites }, SECRET, {
      algorithm: 'HS256',
      issuer: 'enrich',
      expiresIn: 600,
    });
    const meetingIds: string[] = [];
    for (let i = 0; i < 40; i++) {
      const episodeId = seedIdOf('episode', anyEpisodeNumber(size, 'ward_support', i));
      // 25 to 27 hours ahead with a 24-hour lead: reminded of 0.1–0.4 s after planning, by the scaled clock.
      const plannedStartAt = new Date(Date.now() + (25 + (i % 3)) * 3_600_000).toISOString();
      const response = await fetch(`http://127.0.0.1:${ports[i % 2]}/api/v1/support-episodes/${episodeId}/meetings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'face_to_face', setting: 'ward', plannedStartAt }),
      });
      expect(response.status).toBe(201);
      meetingIds.push(((await response.json()) as { id: string }).id);
    }
    const sent = await waitFor(
      'a reminder for every meeting',
      async () => {
        const { rows } = await db.query<{ subject_id: string; n: number }>(
          `SELECT subject_id, count(*)::int AS n FROM notifications WHERE kind = 'meeting.reminder' AND sent_at IS NOT NULL AND subject_id = ANY($1::uuid[]) GROUP BY subject_id`,
          [meetingIds],
        );
        return rows.length === meetingIds.length ? rows : null;
      },
      90_000,
    );
    expect(sent.filter((r) => r.n !== 1)).toEqual([]);
    // Every event left the outbox, each once: one domain-events job per row (job id outbox-<row id>).
    const { rows: unsent } = await db.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'meeting.planned' AND aggregate_id = ANY($1::uuid[]) AND sent_at IS NULL`,
      [meetingIds],
    );
    expect(unsent[0].n).toBe(0);
    const { rows: events } = await db.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'meeting.planned' AND aggregate_id = ANY($1::uuid[])`,
      [meetingIds],
    );
    expect(events[0].n).toBe(meetingIds.length);
  });

  it('shares the sign-in limit between the two API processes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`http://127.0.0.1:${ports[i % 2]}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'guessing@nhs.test', password: 'not-the-password-1' }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
