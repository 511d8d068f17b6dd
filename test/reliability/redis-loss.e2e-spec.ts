import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QUEUES } from '../../src/scheduling/queues';
import { ScheduleKeeper } from '../../src/scheduling/schedule-keeper.service';
import { episodeOnWard, siteWithTeam, todayInLondon, waitFor } from '../scheduling/scheduling-fixtures';
import { RedisLink } from '../support/redis-link';
import { emptyRedisPrefixAtOnce } from '../support/services';
import { TestApp } from '../support/test-app';

// A "day" lasts about 1.3 s: the first-community-meeting reminder (6 days 9 hours after the discharge
// date's London midnight) fires some 7-8 s after the discharge, long after Redis has been emptied.
const SCALE = 1.5e-5;
jest.setTimeout(60_000);

describe('Redis restarting without its data', () => {
  let t: TestApp;
  let reminders: Queue;
  const relayLink = new RedisLink();

  beforeAll(async () => {
    await relayLink.open();
    t = await TestApp.start({
      REMINDER_TIME_SCALE: String(SCALE),
      OUTBOX_RELAY_INTERVAL_MS: '200',
      SCHEDULE_KEEPER_INTERVAL_MS: '500',
      OUTBOX_STALL_AFTER_MS: '1500',
      // The relay reaches Redis through a link the test can cut (the rest of the app does not).
      OUTBOX_RELAY_REDIS_URL: relayLink.url,
    });
    reminders = t.app.get<Queue>(getQueueToken(QUEUES.reminders));
  });
  afterAll(async () => {
    await t?.close();
    await relayLink.cut();
  });

  const discharge = (episodeId: string, token: string) =>
    t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
      token,
      body: { dischargedOn: todayInLondon() },
    });
  const remindersOf = async (episodeId: string) =>
    (await reminders.getDelayed())
      .filter((j) => j.data.subjectId === episodeId)
      .map((j) => j.id)
      .sort();
  const notificationsOf = (episodeId: string): Promise<{ kind: string; dedupe_key: string }[]> =>
    t.dataSource.query(`SELECT kind, dedupe_key FROM notifications WHERE subject_id = $1 ORDER BY dedupe_key`, [
      episodeId,
    ]);

  it('relays again and rebuilds every scheduled reminder from PostgreSQL, sending each once', async () => {
    const team = await siteWithTeam(t);
    const before = await episodeOnWard(t, team);
    await discharge(before, team.coordinator.token);
    const scheduled = await waitFor('the reminders to be scheduled', async () => {
      const ids = await remindersOf(before);
      return ids.length >= 2 && ids; // the reminder and its escalation
    });
    const rebuildsBefore = t.app.get(ScheduleKeeper).rebuilds;

    // Redis restarts empty: every key of this app is gone at once (only this test's prefix is touched). The keeper
    // (every 500 ms) may rebuild at any moment after, so the proof that the schedule was lost is the rebuild count below.
    expect(await emptyRedisPrefixAtOnce(t.redisPrefix)).toBeGreaterThan(scheduled.length);

    // The relay tick and the reminders come back on their own, under the same job ids.
    await waitFor('the reminders to be rebuilt', async () => (await remindersOf(before)).length === scheduled.length);
    expect(await remindersOf(before)).toEqual(scheduled);
    await waitFor('the keeper to finish its rebuild', async () => t.app.get(ScheduleKeeper).rebuilds > rebuildsBefore);
    await new Promise((r) => setTimeout(r, 1500)); // a few more keeper rounds: Redis now holds the schedule, so no second rebuild
    expect(t.app.get(ScheduleKeeper).rebuilds).toBe(rebuildsBefore + 1);

    // New work after the restart is relayed and planned as usual.
    const after = await episodeOnWard(t, team);
    await discharge(after, team.coordinator.token);
    await waitFor('the new discharge to be relayed', async () => {
      const [{ unsent }] = await t.dataSource.query(
        `SELECT count(*)::int AS unsent FROM outbox_events WHERE aggregate_id = $1 AND sent_at IS NULL`,
        [after],
      );
      return unsent === 0;
    });

    // Both episodes' reminders reach the peer worker, exactly once each.
    for (const episodeId of [before, after]) {
      const sent = await waitFor(
        'the first-community-meeting reminder',
        async () => {
          const rows = await notificationsOf(episodeId);
          return rows.some((r) => r.kind === 'first_community_meeting.due') && rows;
        },
        30_000,
      );
      expect(new Set(sent.map((r) => r.dedupe_key)).size).toBe(sent.length);
    }
    expect((await t.call('GET', '/health/ready')).statusCode).toBe(200);
  });

  it('records relay attempts and errors while the relay cannot reach Redis, reports the relay not progressing, and recovers', async () => {
    const team = await siteWithTeam(t);
    const episodeId = await episodeOnWard(t, team);
    await relayLink.cut();
    await discharge(episodeId, team.coordinator.token);
    await waitFor('failed relay attempts on the outbox rows', async () => {
      const [row] = await t.dataSource.query(
        `SELECT count(*)::int AS failing FROM outbox_events WHERE aggregate_id = $1 AND sent_at IS NULL AND relay_attempts >= 1 AND last_relay_error IS NOT NULL`,
        [episodeId],
      );
      return row.failing > 0;
    });
    const stalled = await waitFor('readiness to report the stalled relay', async () => {
      const ready = await t.call('GET', '/health/ready');
      return ready.statusCode === 503 && ready;
    });
    expect(stalled.json().details.outboxRelay).toMatchObject({
      status: 'down',
      message: 'The outbox relay is not progressing',
    });

    await relayLink.open();
    await waitFor('the relay to catch up', async () => {
      const [{ unsent }] = await t.dataSource.query(
        `SELECT count(*)::int AS unsent FROM outbox_events WHERE sent_at IS NULL`,
      );
      return unsent === 0;
    });
    await waitFor('readiness to recover', async () => (await t.call('GET', '/health/ready')).statusCode === 200);
  });
});
