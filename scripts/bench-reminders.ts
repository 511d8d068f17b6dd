// Benchmark (not a test): 10,000 reminders through the whole path — outbox rows written in transactions,
// the relay moving them into BullMQ, the planner scheduling delayed reminder jobs, the reminder workers
// firing them and writing notifications. Reports enqueue time and how late reminders fired (p50/p99).
// Needs the local PostgreSQL and Redis; uses (and then drops) a database and Redis prefix of its own.
// Run: npm run bench:reminders   (BENCH_COUNT, BENCH_FIRE_AFTER_MS to vary; BENCH_WORKER_PROCESSES=2 adds a second
// worker process sharing the queues, as a deployment with two worker replicas would)
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { Redis } from 'ioredis';
import { AppModule } from '../src/app.module';
import { systemActor } from '../src/common/auth/actor';
import { runPendingMigrations } from '../src/database/database-setup';
import { OutboxService } from '../src/scheduling/outbox/outbox.service';
import type {
  NotificationDraft,
  OutboxEventView,
  ReminderPlan,
  ReminderPolicy,
  ScheduledReminder,
} from '../src/scheduling/reminders/reminder-policy';
import { ProvidesReminders, type ReminderProvider } from '../src/scheduling/reminders/provides-reminders';

const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);
const WORKER_PROCESSES = Number(process.env.BENCH_WORKER_PROCESSES ?? 1);
const FIRE_AFTER_MS = Number(process.env.BENCH_FIRE_AFTER_MS ?? 30_000);
const SPREAD_MS = 5_000;
const SERVER = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A reminder per "episode", due at the time carried in the event; checks nothing but still re-reads the row. */
class BenchPolicy implements ReminderPolicy {
  readonly name = 'bench';
  readonly handles = ['bench.episode_discharged'];
  constructor(private readonly recipient: string) {}
  plan(event: OutboxEventView): Promise<ReminderPlan> {
    const reminder: ScheduledReminder = {
      jobId: `bench-${event.aggregateId}`,
      policy: this.name,
      kind: 'bench.reminder',
      subjectType: 'support_episode',
      subjectId: event.aggregateId,
      fireAt: new Date(String(event.payload.fireAt)),
      params: {},
    };
    return Promise.resolve({ schedule: [reminder] });
  }
  async check(reminder: ScheduledReminder, manager: import('typeorm').EntityManager): Promise<NotificationDraft[]> {
    await manager.query('SELECT 1 FROM outbox_events LIMIT 1');
    return [
      {
        recipientUserId: this.recipient,
        kind: reminder.kind,
        subjectType: reminder.subjectType,
        subjectId: reminder.subjectId,
        siteId: null,
        dueAt: reminder.fireAt,
        summary: 'bench',
        dedupeKey: reminder.jobId,
      },
    ];
  }
}

/** The bench policy, provided the way an area provides its reminders (found by ReminderRegistry). */
@Injectable()
@ProvidesReminders()
class BenchReminders implements ReminderProvider {
  reminderPolicies(): ReminderPolicy[] {
    return [new BenchPolicy(randomUUID())];
  }
}

/** Built after the environment is set: the app's configuration is read when its module is made. */
function benchModule() {
  @Module({ imports: [AppModule.forRole('worker')], providers: [BenchReminders] })
  class BenchModule {}
  return BenchModule;
}

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main(): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const database = `enrich_bench_${suffix}`;
  const prefix = `enrich-bench-${suffix}`;
  const admin = new Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = `${SERVER}/${database}`;
  await runPendingMigrations(url);
  Object.assign(process.env, {
    DATABASE_URL: url,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    APP_ROLE: 'worker',
    OUTBOX_RELAY_INTERVAL_MS: '200',
    OUTBOX_RELAY_BATCH_SIZE: '1000',
  });
  const app = await NestFactory.createApplicationContext(benchModule(), { logger: false, abortOnError: false });
  // The other worker processes: the same module against the same database and Redis prefix, until told to stop.
  const workers: ChildProcess[] = [];
  for (let i = 1; i < WORKER_PROCESSES; i++) {
    const child = fork(__filename, [], { env: { ...process.env, BENCH_EXTRA_WORKER: '1' }, stdio: 'inherit' });
    workers.push(child);
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`worker process ${i} exited with ${code}`)));
    });
  }
  try {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const outbox = app.get(OutboxService);

    const start = Date.now();
    const firstFire = start + FIRE_AFTER_MS;
    // Written as the domain would, in transactions of 500, each one batched INSERT (OutboxService.recordMany).
    for (let i = 0; i < COUNT; i += 500) {
      await dataSource.transaction(async (manager) => {
        const events = [];
        for (let j = i; j < Math.min(COUNT, i + 500); j++) {
          events.push({
            type: 'bench.episode_discharged',
            aggregateType: 'support_episode',
            aggregateId: randomUUID(),
            payload: { fireAt: new Date(firstFire + (j * SPREAD_MS) / COUNT).toISOString() },
          });
        }
        await outbox.recordMany(manager, systemActor('bench'), events);
      });
    }
    const written = Date.now();
    await waitUntil(
      'the relay',
      async () =>
        (
          await dataSource.query<Array<{ n: number }>>(
            `SELECT count(*)::int AS n FROM outbox_events WHERE sent_at IS NULL`,
          )
        )[0].n === 0,
      120_000,
    );
    const relayed = Date.now();
    const redis = new Redis(REDIS_URL);
    await waitUntil(
      'the planner',
      async () =>
        (await redis.zcard(`${prefix}:reminders:delayed`)) +
          (await redis.llen(`${prefix}:reminders:wait`)) +
          (await redis.zcard(`${prefix}:reminders:completed`)) >=
        COUNT,
      120_000,
    );
    const planned = Date.now();
    await waitUntil(
      'every reminder',
      async () =>
        (
          await dataSource.query<Array<{ n: number }>>(
            `SELECT count(*)::int AS n FROM notifications WHERE sent_at IS NOT NULL`,
          )
        )[0].n >= COUNT,
      180_000,
    );
    const [late] = await dataSource.query<
      Array<{ p50: number | null; p99: number | null; max: string | number | null; min: string | number | null }>
    >(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max, min(ms) AS min
       FROM (SELECT extract(epoch FROM (sent_at - due_at)) * 1000 AS ms FROM notifications) t`,
    );
    const [dupes] = await dataSource.query<Array<{ n: string }>>(
      `SELECT count(*) - count(DISTINCT subject_id) AS n FROM notifications`,
    );
    await redis.quit();
    const report = {
      reminders: COUNT,
      writeOutboxMs: written - start,
      outboxEventsPerSecond: Math.round((COUNT / Math.max(1, written - start)) * 1000),
      relayToBullMqMs: relayed - start,
      enqueueAllReminderJobsMs: planned - start,
      enqueueRatePerSecond: Math.round((COUNT / (planned - start)) * 1000),
      latenessMs: {
        p50: Math.round(Number(late.p50)),
        p99: Math.round(Number(late.p99)),
        max: Math.round(Number(late.max)),
        min: Math.round(Number(late.min)),
      },
      duplicates: Number(dupes.n),
      workerProcesses: WORKER_PROCESSES,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    for (const child of workers) child.kill('SIGTERM');
    await app.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  }
}

/** A second worker process: boots the same module and reports ready; the parent stops it with SIGTERM. */
async function extraWorker(): Promise<void> {
  const app = await NestFactory.createApplicationContext(benchModule(), { logger: false, abortOnError: false });
  process.send?.('ready');
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await app.close();
}

(process.env.BENCH_EXTRA_WORKER ? extraWorker() : main()).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
