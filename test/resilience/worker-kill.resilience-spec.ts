import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { anyEpisodeNumber, regionalCoordinator } from '../../scripts/bench/scenarios';
import { loadSeed } from '../../scripts/seed/load';
import { seedIdOf, SEED_SIZES } from '../../scripts/seed/seed-sql';
import { quoteIdentifier } from '../../src/database/database-setup';
import { QUEUES } from '../../src/scheduling/queues';
import { waitFor } from '../scheduling/scheduling-fixtures';
import { databaseUrl, deleteRedisPrefix, TEST_REDIS_URL, withServerClient } from '../support/services';
import { AppProcess, buildApp, freePort, waitForStatus } from './support/app-process';

jest.setTimeout(300_000);
const MEETINGS = 60;
const SECRET = 'worker-kill-test-secret-0123456789abcdef';

/**
 * The deployed split: an API process and a worker process (APP_ROLE=api / worker, the built app). Meetings are
 * planned while no worker runs, so the worker starts into a burst of due reminders; it is SIGKILLed as the first
 * one is delivered (jobs active, locks held, nothing completed), and a new worker is started. Every reminder is
 * delivered exactly once: none lost with the dead worker's jobs, none sent twice when they are retried.
 */
describe('The worker SIGKILLed mid-job', () => {
  const id = randomBytes(4).toString('hex');
  const database = `enrich_test_${process.env.ENRICH_TEST_RUN_ID}_workerkill_${id}`;
  const prefix = `enrich-test-${process.env.ENRICH_TEST_RUN_ID}-workerkill-${id}`;
  const processes: AppProcess[] = [];
  let build: { main: string; remove: () => void } | undefined;
  let db: Client;
  let env: Record<string, string>;
  let base = '';

  beforeAll(async () => {
    build = await buildApp();
    await withServerClient((c) =>
      c.query(
        `CREATE DATABASE ${quoteIdentifier(database)} TEMPLATE ${quoteIdentifier(process.env.ENRICH_TEST_TEMPLATE_DATABASE!)}`,
      ),
    );
    await loadSeed(databaseUrl(database), SEED_SIZES.test);
    db = new Client({ connectionString: databaseUrl(database) });
    await db.connect();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: base,
      JWT_SECRET: SECRET,
      DATABASE_URL: databaseUrl(database),
      DATABASE_MIGRATE_ON_START: 'false',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      // An hour lasts 0.144 s: a meeting 24½ hours ahead is due its 24-hour reminder at once.
      REMINDER_TIME_SCALE: '4e-5',
      OUTBOX_RELAY_INTERVAL_MS: '100',
      SCHEDULE_KEEPER_INTERVAL_MS: '1000',
    };
    processes.push(AppProcess.start(build.main, { ...env, APP_ROLE: 'api' }));
    await waitForStatus(`${base}/health/live`, 200, 120_000);
  });
  afterAll(async () => {
    for (const p of processes) await p.kill();
    await db?.end();
    await withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`));
    await deleteRedisPrefix(prefix);
    build?.remove();
  });

  it('delivers every due reminder exactly once although the worker died with jobs in flight', async () => {
    const size = SEED_SIZES.test;
    const actor = regionalCoordinator(size);
    const token = jwt.sign({ sub: actor.id, kind: 'user', roles: actor.roles, sites: actor.sites }, SECRET, {
      algorithm: 'HS256',
      issuer: 'enrich',
      expiresIn: 600,
    });
    const meetingIds: string[] = [];
    for (let i = 0; i < MEETINGS; i++) {
      const episodeId = seedIdOf('episode', anyEpisodeNumber(size, 'ward_support', i));
      const plannedStartAt = new Date(Date.now() + 24.5 * 3_600_000 + i * 60_000).toISOString();
      const response = await fetch(`${base}/api/v1/support-episodes/${episodeId}/meetings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'face_to_face', setting: 'ward', plannedStartAt }),
      });
      expect(response.status).toBe(201);
      meetingIds.push(((await response.json()) as { id: string }).id);
    }
    const delivered = async () =>
      (
        await db.query<{ subject_id: string; n: number; sent: number }>(
          `SELECT subject_id, count(*)::int AS n, count(sent_at)::int AS sent FROM notifications
           WHERE kind = 'meeting.reminder' AND subject_id = ANY($1::uuid[]) GROUP BY subject_id`,
          [meetingIds],
        )
      ).rows;
    expect(await delivered()).toEqual([]); // no worker yet: nothing relayed, nothing sent

    const redis = new Redis(TEST_REDIS_URL);
    try {
      const first = AppProcess.start(build!.main, { ...env, APP_ROLE: 'worker' });
      processes.push(first);
      // Killed the moment the first reminder is written: the rest are queued, active or half done.
      await waitFor('the first reminder', async () => (await delivered()).length > 0, 120_000);
      await first.kill('SIGKILL');
      const active = await redis.llen(`${prefix}:${QUEUES.reminders}:active`);
      const before = await delivered();

      processes.push(AppProcess.start(build!.main, { ...env, APP_ROLE: 'worker' }));
      // Jobs the dead worker held come back once their lock expires (BullMQ's stalled-job check).
      const after = await waitFor(
        'a delivered reminder for every meeting',
        async () => {
          const rows = await delivered();
          return rows.length === MEETINGS && rows.every((r) => r.sent > 0) ? rows : null;
        },
        180_000,
      );
      expect(after.filter((r) => r.n !== 1 || r.sent !== 1)).toEqual([]);
      const { rows: unsent } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_events WHERE sent_at IS NULL`,
      );
      expect(unsent[0].n).toBe(0);
      process.stdout.write(
        `worker kill: ${MEETINGS} reminders due, ${before.length} written before SIGKILL, ${active} jobs active at the kill, ` +
          `${MEETINGS - before.length} delivered by the new worker, 0 lost, 0 duplicated\n`,
      );
    } finally {
      redis.disconnect();
    }
  });
});
