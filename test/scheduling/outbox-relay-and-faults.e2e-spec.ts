import { getQueueToken } from '@nestjs/bullmq';
import { Job, Queue, Worker } from 'bullmq';
import { systemActor } from '../../src/common/auth/actor';
import { OutboxRelay } from '../../src/scheduling/outbox/outbox-relay.service';
import { OutboxService } from '../../src/scheduling/outbox/outbox.service';
import { outboxJobId, QUEUES } from '../../src/scheduling/queues';
import type { ReminderJobData } from '../../src/scheduling/reminders/reminder-jobs';
import { ReminderRunner } from '../../src/scheduling/reminders/reminder-runner.service';
import { RedisLink } from '../support/redis-link';
import { TestApp } from '../support/test-app';
import { episodeOnWard, siteWithTeam, todayInLondon, waitFor } from './scheduling-fixtures';

jest.setTimeout(60_000);

describe('Outbox relay and faults', () => {
  let t: TestApp;
  const link = new RedisLink();
  let domainEvents: Queue;

  beforeAll(async () => {
    await link.open();
    t = await TestApp.start({
      OUTBOX_RELAY_REDIS_URL: `redis://127.0.0.1:${link.port}`,
      OUTBOX_RELAY_INTERVAL_MS: '200',
    });
    domainEvents = t.app.get<Queue>(getQueueToken(QUEUES.domainEvents));
  });
  afterAll(async () => {
    await t?.close();
    await link.cut();
  });

  const recordEvents = (count: number, type: string) =>
    t.dataSource.transaction(async (manager) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const row = await t.app.get(OutboxService).record(manager, systemActor('test'), {
          type,
          aggregateType: 'test',
          aggregateId: '00000000-0000-4000-8000-00000000000' + (i % 10),
          payload: { i },
        });
        ids.push(row.id);
      }
      return ids;
    });
  const jobsOf = async (ids: string[]) =>
    (await Promise.all(ids.map((id) => domainEvents.getJob(outboxJobId(id))))).filter(Boolean) as Job[];
  const totalJobs = async () => Object.values(await domainEvents.getJobCounts()).reduce((a, b) => a + b, 0);

  it('enqueues each outbox row once however many relays run, at once or one after another', async () => {
    const before = await totalJobs();
    const ids = await recordEvents(25, 'test.relay_twice');
    const relay = t.app.get(OutboxRelay);
    await Promise.all([relay.relayPending(), relay.relayPending(), relay.relayPending()]);
    await relay.relayPending();
    // A relay that enqueued and then crashed before marking the rows sent: the next run enqueues them again.
    await t.dataSource.query(`UPDATE outbox_events SET sent_at = NULL WHERE id = ANY($1::uuid[])`, [ids]);
    await relay.relayPending();
    expect((await jobsOf(ids)).map((j) => j.data.outboxEventId).sort()).toEqual([...ids].sort());
    expect((await totalJobs()) - before).toBe(25);
    const [{ unsent }] = await t.dataSource.query(
      `SELECT count(*)::int AS unsent FROM outbox_events WHERE id = ANY($1::uuid[]) AND sent_at IS NULL`,
      [ids],
    );
    expect(unsent).toBe(0);
  });

  it('keeps accepting domain writes while Redis is unreachable, and delivers every outbox row exactly once when it returns', async () => {
    const team = await siteWithTeam(t);
    const episodes = [await episodeOnWard(t, team), await episodeOnWard(t, team)];
    const before = await totalJobs();
    await link.cut();

    // Discharges are recorded (200) with their outbox rows, although nothing can reach the queues.
    for (const id of episodes) {
      await t.expect(200, 'POST', `/api/v1/support-episodes/${id}/discharge`, {
        token: team.coordinator.token,
        body: { dischargedOn: todayInLondon() },
      });
    }
    const synthetic = await recordEvents(30, 'test.during_outage');
    // Each discharge wrote its own `episode.discharged` and a `planned_contact.scheduled` per planned contact.
    const [discharged] = await t.dataSource.query(
      `SELECT array_agg(id) AS ids, count(*) FILTER (WHERE type = 'episode.discharged')::int AS discharges FROM outbox_events WHERE sent_at IS NULL AND NOT (id = ANY($1::uuid[]))`,
      [synthetic],
    );
    expect(discharged.discharges).toBe(episodes.length);
    const ids = [...synthetic, ...discharged.ids];

    // The relay keeps trying: attempts and the last error are on the rows, which stay unsent.
    await waitFor('failed relay attempts', async () => {
      const [row] = await t.dataSource.query(
        `SELECT count(*)::int AS failing FROM outbox_events WHERE id = ANY($1::uuid[]) AND sent_at IS NULL AND relay_attempts >= 2 AND last_relay_error IS NOT NULL`,
        [ids],
      );
      return row.failing === ids.length;
    });
    const status = await t.expect(200, 'GET', '/api/v1/admin/outbox', { token: t.adminToken });
    expect(status.unsent).toBeGreaterThanOrEqual(ids.length);
    expect(status.lastRelayError).toEqual(expect.any(String));
    expect(await jobsOf(ids)).toEqual([]);

    await link.open(); // Redis is back, on the same address
    await waitFor('the relay to catch up', async () => {
      const [row] = await t.dataSource.query(
        `SELECT count(*)::int AS unsent FROM outbox_events WHERE id = ANY($1::uuid[]) AND sent_at IS NULL`,
        [ids],
      );
      return row.unsent === 0;
    });
    expect((await jobsOf(ids)).length).toBe(ids.length);
    expect((await totalJobs()) - before).toBe(ids.length);
    const [{ cleared }] = await t.dataSource.query(
      `SELECT count(*)::int AS cleared FROM outbox_events WHERE id = ANY($1::uuid[]) AND last_relay_error IS NULL`,
      [ids],
    );
    expect(cleared).toBe(ids.length);
  });

  it('retries a reminder whose worker died mid-job on another worker, without notifying twice', async () => {
    const team = await siteWithTeam(t);
    const episodeId = await episodeOnWard(t, team);
    const dischargedOn = todayInLondon();
    await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
      token: team.coordinator.token,
      body: { dischargedOn },
    });
    const runner = t.app.get(ReminderRunner);
    const jobId = `first_community_meeting.overdue-${episodeId}-${dischargedOn}-crash`;
    const data: ReminderJobData = {
      jobId,
      policy: 'first-community-meeting',
      kind: 'first_community_meeting.overdue',
      subjectType: 'support_episode',
      subjectId: episodeId,
      fireAt: new Date().toISOString(),
      params: { dischargedOn, dueAt: dischargedOn },
    };
    // Two worker processes on a queue of their own, both running the application's real reminder code.
    const connection = { url: 'redis://127.0.0.1:6379', maxRetriesPerRequest: null };
    const prefix = `${t.redisPrefix}-crash`;
    const queue = new Queue(QUEUES.reminders, { connection, prefix });
    let signalStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (signalStarted = resolve));
    const doomed = new Worker(
      QUEUES.reminders,
      async (job) => {
        await runner.fire(job.data); // notification written …
        signalStarted();
        await new Promise(() => undefined); // … and the process dies before the job is completed
      },
      { connection, prefix, lockDuration: 1000, stalledInterval: 500 },
    );
    let survivor: Worker | undefined;
    try {
      await queue.add(data.kind, data, { jobId, attempts: 3 });
      await started;
      await doomed.close(true); // killed: no completion, no lock renewal
      survivor = new Worker(QUEUES.reminders, async (job) => runner.fire(job.data), {
        connection,
        prefix,
        lockDuration: 1000,
        stalledInterval: 300,
      });
      const job = await waitFor('the job to complete on the surviving worker', async () => {
        const j = await queue.getJob(jobId);
        return j && (await j.isCompleted()) && j;
      });
      expect(job.returnvalue).toEqual({ outcome: 'notified', created: 0, delivered: 0 });
      const rows = await t.dataSource.query(
        `SELECT recipient_user_id, sent_at FROM notifications WHERE dedupe_key LIKE $1`,
        [`${jobId}:%`],
      );
      expect(rows).toEqual([{ recipient_user_id: team.coordinator.id, sent_at: expect.any(Date) }]);
    } finally {
      await survivor?.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
  });
});
