import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Role } from '../../src/common/auth/role';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { QUEUES } from '../../src/scheduling/queues';
import { DailyDigest } from '../../src/scheduling/reminders/daily-digest.service';
import { TestApp } from '../support/test-app';
import { episodeOnWard, siteWithTeam, todayInLondon, waitFor } from './scheduling-fixtures';

// A "day" lasts 0.52 s here: the first-community-meeting reminder (6 days 9 hours after the discharge date's
// midnight) fires about 3.3 s after the discharge is recorded, and the escalation (8 days 9 hours) about 4.3 s.
const SCALE = 6e-6;
jest.setTimeout(30_000);

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real receiver on an ephemeral port: the edge we do not own. */
async function startReceiver(answer: () => number) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answer();
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise((r) => server.close(r)),
  };
}

describe('Reminders, notifications and webhooks', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({
      REMINDER_TIME_SCALE: String(SCALE),
      OUTBOX_RELAY_INTERVAL_MS: '100',
      WEBHOOK_BACKOFF_MS: '50',
      WEBHOOK_MAX_ATTEMPTS: '6',
      WEBHOOK_DISABLE_AFTER_FAILURES: '3',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const feed = async (token: string, query = '') =>
    (await t.expect(200, 'GET', `/api/v1/notifications${query}`, { token })).items as any[];

  it('reminds the peer worker of the first community meeting after discharge, then escalates to the coordinator when it is overdue', async () => {
    const team = await siteWithTeam(t);
    const episodeId = await episodeOnWard(t, team);
    const dischargedOn = todayInLondon();
    await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
      token: team.coordinator.token,
      body: { dischargedOn },
    });

    // The outbox row was written with the discharge, in the same transaction.
    const [event] = await t.dataSource.query(
      `SELECT created_at, payload FROM outbox_events WHERE type = 'episode.discharged' AND aggregate_id = $1`,
      [episodeId],
    );
    expect(event.payload).toMatchObject({ episodeId, dischargedOn });
    // Fire time = event time + (calendar offset from the discharge date's London midnight) × scale.
    const expectedAt = (days: number) =>
      new Date(event.created_at).getTime() + (days * 86_400_000 + 9 * 3_600_000) * SCALE;
    const remindAt = expectedAt(6);
    const escalateAt = expectedAt(8);
    // Calendar days are 24 h unless a clock change falls inside the window; allow for that hour (scaled) too.
    const tolerance = 3_600_000 * SCALE + 5;

    expect(await feed(team.peerWorkerUser.token)).toEqual([]);
    const reminder = await waitFor('the reminder', async () =>
      (await feed(team.peerWorkerUser.token)).find((n) => n.kind === 'first_community_meeting.due' && n.sentAt),
    );
    expect(reminder).toMatchObject({ subjectType: 'support_episode', subjectId: episodeId, siteId: team.siteId });
    expect(Math.abs(new Date(reminder.dueAt).getTime() - remindAt)).toBeLessThanOrEqual(tolerance);
    expect(new Date(reminder.sentAt).getTime()).toBeGreaterThanOrEqual(new Date(reminder.dueAt).getTime());
    expect(new Date(reminder.sentAt).getTime() - new Date(reminder.dueAt).getTime()).toBeLessThan(1500);
    // Not yet overdue when the reminder went out.
    expect((await feed(team.coordinator.token)).filter((n) => n.kind === 'first_community_meeting.overdue')).toEqual(
      [],
    );

    const escalation = await waitFor('the escalation', async () =>
      (await feed(team.coordinator.token)).find((n) => n.kind === 'first_community_meeting.overdue' && n.sentAt),
    );
    expect(Math.abs(new Date(escalation.dueAt).getTime() - escalateAt)).toBeLessThanOrEqual(tolerance);
    expect(new Date(escalation.sentAt).getTime()).toBeGreaterThanOrEqual(new Date(escalation.dueAt).getTime());
    expect(escalation.summary).toContain(dischargedOn);

    // Acknowledged by its recipient only; the peer worker cannot see or acknowledge the coordinator's.
    expect((await feed(team.peerWorkerUser.token)).map((n) => n.id)).not.toContain(escalation.id);
    await t.expect(404, 'POST', `/api/v1/notifications/${escalation.id}/acknowledge`, {
      token: team.peerWorkerUser.token,
    });
    const acknowledged = await t.expect(200, 'POST', `/api/v1/notifications/${escalation.id}/acknowledge`, {
      token: team.coordinator.token,
    });
    expect(acknowledged.acknowledgedAt).not.toBeNull();
    expect(await feed(team.coordinator.token, '?unread=true')).toEqual([]);
  });

  it('never reminds about an episode readmitted before the reminder fires', async () => {
    const team = await siteWithTeam(t);
    const episodeId = await episodeOnWard(t, team);
    const dischargedOn = todayInLondon();
    // The day-before reminder of tomorrow's first contact is already due in the evening (09:00 has passed), so it
    // could fire between the two requests: hold the reminder queue until the readmission is in, then let the jobs
    // run and re-read the contact — which is what this test is about.
    const reminders = t.app.get<Queue>(getQueueToken(QUEUES.reminders));
    await reminders.pause();
    await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
      token: team.coordinator.token,
      body: { dischargedOn },
    });
    await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/readmission`, {
      token: team.coordinator.token,
      body: { readmittedOn: dischargedOn },
    });
    await waitFor('the discharge to be relayed', async () => {
      const [{ sent, unsent }] = await t.dataSource.query(
        `SELECT count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent, count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent FROM outbox_events WHERE aggregate_id = $1`,
        [episodeId],
      );
      return sent === 2 && unsent === 0; // discharged, then readmitted
    });
    await reminders.resume();
    // Past both fire times (about 3.3 s and 4.3 s after the discharge): both jobs ran and re-read the episode.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(await feed(team.peerWorkerUser.token)).toEqual([]);
    expect(await feed(team.coordinator.token)).toEqual([]);
  });

  it('sends each coordinator a daily digest of their site’s overdue first community meetings and supervision, once per day', async () => {
    const team = await siteWithTeam(t);
    const episodeId = await episodeOnWard(t, team);
    await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
      token: team.coordinator.token,
      body: { dischargedOn: '2026-01-05' },
    });
    const other = await siteWithTeam(t);
    const digest = t.app.get(DailyDigest);
    await digest.send('2026-11-25', new Date());
    await digest.send('2026-11-25', new Date()); // a retried job sends nothing more
    const items = (await feed(team.coordinator.token)).filter((n) => n.kind === 'daily_digest');
    expect(items).toHaveLength(1);
    // The peer worker has never been supervised: both kinds are overdue from the start of the role.
    expect(items[0].details.items).toEqual([
      expect.objectContaining({ kind: 'first_community_meeting.overdue', subjectId: episodeId }),
      expect.objectContaining({
        kind: 'supervision.overdue',
        subjectId: team.peerWorkerId,
        summary: 'Sam Peer has never had group supervision',
      }),
      expect.objectContaining({
        kind: 'supervision.overdue',
        subjectId: team.peerWorkerId,
        summary: 'Sam Peer has never had individual supervision',
      }),
    ]);
    // The other site's coordinator hears only of their own site.
    const others = (await feed(other.coordinator.token)).filter((n) => n.kind === 'daily_digest');
    expect(others).toHaveLength(1);
    expect(others[0].details.items.map((i: { subjectId: string }) => i.subjectId)).toEqual([
      other.peerWorkerId,
      other.peerWorkerId,
    ]);
  });

  describe('webhooks', () => {
    async function clientFor(siteId: string) {
      const client = await t.expect(201, 'POST', '/api/v1/integration-clients', {
        token: t.adminToken,
        body: { name: 'North Riverside RiO', siteIds: [siteId] },
      });
      const { access_token: accessToken } = await t.expect(200, 'POST', '/api/v1/auth/token', {
        body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
      });
      return { id: client.id as string, token: accessToken as string };
    }
    const notify = (siteId: string, recipientUserId: string, key: string) =>
      t.app.get(NotificationsService).dispatch([
        {
          recipientUserId,
          kind: 'first_community_meeting.overdue',
          subjectType: 'support_episode',
          subjectId: siteId,
          siteId,
          dueAt: new Date(),
          summary: 'Overdue',
          dedupeKey: key,
        },
      ]);

    it('posts each notification signed with HMAC-SHA256 over "timestamp.body", verifiable with node:crypto alone', async () => {
      const team = await siteWithTeam(t);
      const client = await clientFor(team.siteId);
      const receiver = await startReceiver(() => 204);
      try {
        const created = await t.expect(201, 'POST', '/api/v1/webhook-subscriptions', {
          token: client.token,
          body: { eventType: 'notification.*', targetUrl: receiver.url },
        });
        expect(created.secret).toMatch(/^whsec_/);
        expect(
          JSON.stringify(await t.expect(200, 'GET', '/api/v1/webhook-subscriptions', { token: client.token })),
        ).not.toContain(created.secret);
        await notify(team.siteId, team.coordinator.id, `webhook-test-${created.id}`);
        const delivery = await waitFor('the delivery', async () => receiver.received[0]);
        const timestamp = String(delivery.headers['x-enrich-timestamp']);
        const expected = `v1=${createHmac('sha256', created.secret).update(`${timestamp}.${delivery.body}`).digest('hex')}`;
        expect(delivery.headers['x-enrich-signature']).toBe(expected);
        expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
        expect(JSON.parse(delivery.body)).toMatchObject({
          type: 'notification.first_community_meeting.overdue',
          data: { siteId: team.siteId, recipientUserId: team.coordinator.id },
        });
        const log = await waitFor('the delivery log', async () => {
          const rows = await t.expect(200, 'GET', `/api/v1/webhook-subscriptions/${created.id}/deliveries`, {
            token: client.token,
          });
          return rows.length > 0 && rows;
        });
        expect(log).toEqual([expect.objectContaining({ attempt: 1, statusCode: 204, succeeded: true, error: null })]);
        // Another client cannot see this subscription.
        const stranger = await clientFor(team.siteId);
        await t.expect(404, 'GET', `/api/v1/webhook-subscriptions/${created.id}/deliveries`, { token: stranger.token });
      } finally {
        await receiver.close();
      }
    });

    it('retries a failing receiver with backoff, and delivers once it recovers', async () => {
      const team = await siteWithTeam(t);
      const client = await clientFor(team.siteId);
      let calls = 0;
      const receiver = await startReceiver(() => (++calls === 1 ? 503 : 200));
      try {
        const created = await t.expect(201, 'POST', '/api/v1/webhook-subscriptions', {
          token: client.token,
          body: { eventType: 'notification.first_community_meeting.overdue', targetUrl: receiver.url },
        });
        await notify(team.siteId, team.coordinator.id, `webhook-retry-${created.id}`);
        const log = await waitFor('two attempts', async () => {
          const rows = await t.expect(200, 'GET', `/api/v1/webhook-subscriptions/${created.id}/deliveries`, {
            token: client.token,
          });
          return rows.length === 2 && rows;
        });
        expect(log.map((d: any) => [d.attempt, d.statusCode, d.succeeded])).toEqual([
          [2, 200, true],
          [1, 503, false],
        ]);
        const [subscription] = (
          await t.expect(200, 'GET', '/api/v1/webhook-subscriptions', { token: client.token })
        ).filter((s: any) => s.id === created.id);
        expect(subscription).toMatchObject({ active: true, consecutiveFailures: 0 });
      } finally {
        await receiver.close();
      }
    });

    it('disables a subscription after repeated consecutive failures, and shows the dead letter to admins', async () => {
      const team = await siteWithTeam(t);
      const client = await clientFor(team.siteId);
      const receiver = await startReceiver(() => 500);
      try {
        const created = await t.expect(201, 'POST', '/api/v1/webhook-subscriptions', {
          token: t.adminToken,
          body: { eventType: 'notification.*', targetUrl: receiver.url, integrationClientId: client.id },
        });
        await notify(team.siteId, team.coordinator.id, `webhook-fail-${created.id}`);
        const disabled = await waitFor('the subscription to be disabled', async () => {
          const [s] = (await t.expect(200, 'GET', '/api/v1/webhook-subscriptions', { token: client.token })).filter(
            (s: any) => s.id === created.id,
          );
          return !s.active && s;
        });
        expect(disabled).toMatchObject({
          consecutiveFailures: 3,
          disabledReason: 'Disabled after 3 consecutive failed deliveries',
        });
        const log = await t.expect(200, 'GET', `/api/v1/webhook-subscriptions/${created.id}/deliveries`, {
          token: client.token,
        });
        expect(log.map((d: any) => d.statusCode)).toEqual([500, 500, 500]);
        expect(receiver.received).toHaveLength(3);
        const failed = await waitFor('the dead letter', async () =>
          (
            await t.expect(200, 'GET', '/api/v1/admin/queues/failed?queue=webhook-deliveries', { token: t.adminToken })
          ).find((j: any) => j.id.startsWith(created.id)),
        );
        expect(failed.failedReason).toContain('disabled');
        const coordinator = team.coordinator;
        await t.expect(403, 'GET', '/api/v1/admin/queues/failed', { token: coordinator.token });
      } finally {
        await receiver.close();
      }
    });
  });

  it('shows the queue dashboard to admins only, and queue depths in readiness', async () => {
    const coordinator = await t.createUser([Role.Coordinator], []);
    expect((await t.call('GET', '/admin/queues')).statusCode).toBe(401);
    expect((await t.call('GET', '/admin/queues', { token: coordinator.token })).statusCode).toBe(403);
    const page = await t.call('GET', '/admin/queues', { token: t.adminToken });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html');
    const ready = await t.expect(200, 'GET', '/health/ready');
    expect(ready.details.queues.status).toBe('up');
    expect(ready.details.queues.reminders).toEqual(
      expect.objectContaining({ waiting: expect.any(Number), delayed: expect.any(Number), failed: expect.any(Number) }),
    );
  });
});
