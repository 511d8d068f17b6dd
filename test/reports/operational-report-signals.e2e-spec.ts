import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Notification } from '../../src/notifications/entities/notification.entity';
import { NotificationsService, type NewNotification } from '../../src/notifications/notifications.service';
import { waitFor } from '../scheduling/scheduling-fixtures';
import { londonDate, recruitPeerWorker } from '../support/builders';
import { TestApp } from '../support/test-app';
import { day, episodeInCommunity, reportingSite } from './report-fixtures';

jest.setTimeout(60_000);

/** A receiver on an ephemeral port answering each delivery with the next status of `answers` (then 200). */
async function receiver(answers: number[]) {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    close: () => new Promise((r) => server.close(r)),
  };
}

/**
 * The operational report's reminder, webhook and absence sections, each from a seeded scenario with its figures
 * worked out by hand below. The period is the last 31 days (day -30 to today).
 */
describe('Operational reports: reminders, webhooks and absences', () => {
  let t: TestApp;
  const period = (siteId: string) => `siteId=${siteId}&from=${day(-30)}&to=${day(0)}`;
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

  beforeAll(async () => {
    t = await TestApp.start({ OUTBOX_RELAY_INTERVAL_MS: '100', WEBHOOK_BACKOFF_MS: '50', WEBHOOK_MAX_ATTEMPTS: '4' });
  });
  afterAll(() => t?.close());

  describe('reminders and webhook deliveries', () => {
    let scenario: Awaited<ReturnType<typeof reportingSite>>;
    let elsewhere: Awaited<ReturnType<typeof reportingSite>>;
    const closers: (() => Promise<unknown>)[] = [];

    async function clientOf(siteId: string, name: string) {
      const client = await t.expect(201, 'POST', '/api/v1/integration-clients', {
        token: t.adminToken,
        body: { name, siteIds: [siteId] },
      });
      const { access_token: token } = await t.expect(200, 'POST', '/api/v1/auth/token', {
        body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
      });
      return token as string;
    }
    async function subscribe(token: string, eventType: string, answers: number[]) {
      const hook = await receiver(answers);
      closers.push(hook.close);
      return (
        await t.expect(201, 'POST', '/api/v1/webhook-subscriptions', {
          token,
          body: { eventType, targetUrl: hook.url },
        })
      ).id as string;
    }
    const deliveriesOf = async (subscriptionId: string) =>
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1`,
          [subscriptionId],
        )
      )[0].n;

    beforeAll(async () => {
      scenario = await reportingSite(t, 'Signals Trust');
      elsewhere = await reportingSite(t, 'Elsewhere Trust');
      const peerUser = scenario.peer.user;
      const coordinator = scenario.site.coordinator;
      const siteId = scenario.site.siteId;
      // The site's EPR subscribes to meeting reminders (its receiver fails once, then accepts) and to overdue
      // first meetings (accepted at once); another site's EPR subscribes to everything of its own site.
      const epr = await clientOf(siteId, 'Signals RiO');
      const reminders = await subscribe(epr, 'notification.meeting.reminder', [503]);
      const overdue = await subscribe(epr, 'notification.first_community_meeting.overdue', []);
      const otherEpr = await clientOf(elsewhere.site.siteId, 'Elsewhere RiO');
      const otherHook = await subscribe(otherEpr, 'notification.*', []);

      const draft = (key: string, over: Partial<NewNotification>): NewNotification => ({
        recipientUserId: peerUser.id,
        kind: 'meeting.reminder',
        subjectType: 'meeting',
        subjectId: siteId,
        siteId,
        dueAt: hoursAgo(24),
        summary: 'Meeting tomorrow',
        dedupeKey: `report-signals-${key}`,
        ...over,
      });
      const notifications = t.app.get(NotificationsService);
      await notifications.dispatch([
        draft('r1', { dueAt: hoursAgo(24) }),
        draft('r2', { dueAt: hoursAgo(48) }),
        // Due 40 days ago: before the period, not counted.
        draft('old', { dueAt: hoursAgo(40 * 24) }),
        draft('overdue', {
          recipientUserId: coordinator.id,
          kind: 'first_community_meeting.overdue',
          subjectType: 'support_episode',
          dueAt: hoursAgo(1),
          summary: 'Overdue',
        }),
        // Another site's reminder: in its own report, not this one.
        draft('elsewhere', {
          recipientUserId: elsewhere.peer.user.id,
          siteId: elsewhere.site.siteId,
          subjectId: elsewhere.site.siteId,
        }),
      ]);
      // r3 is stored but not yet delivered (the reminder job stopped between storing and sending it).
      await t.dataSource.getRepository(Notification).insert({ ...draft('r3', { dueAt: hoursAgo(72) }), details: {} });
      // The peer worker acknowledges r1 (which also marks it read).
      const [{ id: r1 }] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM notifications WHERE dedupe_key = 'report-signals-r1'`,
      );
      await t.expect(200, 'POST', `/api/v1/notifications/${r1}/acknowledge`, { token: peerUser.token });

      // Delivered as webhooks: meeting reminders r1, r2 and old (r3 never left): 3 events; the receiver refuses
      // the very first attempt, which is retried: 4 attempts. The overdue one: 1 event, 1 attempt.
      await waitFor('the meeting-reminder deliveries', async () => (await deliveriesOf(reminders)) >= 4);
      await waitFor('the overdue delivery', async () => (await deliveriesOf(overdue)) >= 1);
      await waitFor('the other site’s delivery', async () => (await deliveriesOf(otherHook)) >= 1);
    }, 120_000);
    afterAll(async () => {
      for (const close of closers) await close();
    });

    it('counts the reminders due in the period by kind: sent, read and acknowledged', async () => {
      const report = await t.expect(200, 'GET', `/api/v1/reports/operational?${period(scenario.site.siteId)}`, {
        token: scenario.site.coordinator.token,
      });
      // meeting.reminder: r1, r2, r3 due in the period (old is before it, elsewhere is another site's);
      // r3 not yet sent; r1 read and acknowledged. The overdue escalation: due, sent, nobody has read it.
      expect(report.reminders).toEqual([
        { kind: 'first_community_meeting.overdue', due: 1, sent: 1, read: 0, acknowledged: 0 },
        { kind: 'meeting.reminder', due: 3, sent: 2, read: 1, acknowledged: 1 },
      ]);
    });

    it('counts webhook deliveries to the site’s clients by event type: events, attempts, successes and failures', async () => {
      const report = await t.expect(200, 'GET', `/api/v1/reports/operational?${period(scenario.site.siteId)}`, {
        token: scenario.site.coordinator.token,
      });
      // Attempts made in the period, whenever the notification was due: old (due 40 days ago) went out today and
      // counts here though not among the period's reminders. The other site's client's delivery is its own.
      expect(report.webhooks).toEqual([
        { eventType: 'notification.first_community_meeting.overdue', events: 1, attempts: 1, succeeded: 1, failed: 0 },
        { eventType: 'notification.meeting.reminder', events: 3, attempts: 4, succeeded: 3, failed: 1 },
      ]);
      const other = await t.expect(200, 'GET', `/api/v1/reports/operational?${period(elsewhere.site.siteId)}`, {
        token: elsewhere.site.coordinator.token,
      });
      expect(other.webhooks).toEqual([
        { eventType: 'notification.meeting.reminder', events: 1, attempts: 1, succeeded: 1, failed: 0 },
      ]);
    });
  });

  describe('absences and how each affected episode was covered', () => {
    it('lists the absences overlapping the period with the arrangement made for each affected episode', async () => {
      const { site, peer } = await reportingSite(t, 'Cover Trust');
      const colleague = await recruitPeerWorker(t, site.coordinator.token, site.siteId, 'active', 'Rae Lin');
      const episodeId = await episodeInCommunity(t, site, peer, 5);
      const token = site.coordinator.token;
      const absence = (body: Record<string, unknown>) =>
        t.expect(201, 'POST', '/api/v1/absences', { token, body: { subject: 'peer_worker', ...body } });
      // The peer worker's two days of leave from today (active from its first day), their one episode covered by Rae.
      const leave = await absence({
        peerWorkerId: peer.peerWorkerId,
        kind: 'annual_leave',
        planned: true,
        startsOn: londonDate(0),
        expectedEndOn: londonDate(1),
      });
      await t.expect(200, 'POST', `/api/v1/absences/${leave.id}/cover-plan`, {
        token,
        body: {
          arrangements: [{ episodeId, arrangement: 'cover', peerWorkerId: colleague.id, reason: 'Rae knows them' }],
        },
      });
      // Rae off sick today with no caseload of her own (nothing to cover), back the same day.
      const sick = await absence({
        peerWorkerId: colleague.id,
        kind: 'sickness',
        planned: false,
        startsOn: londonDate(0),
      });
      await t.expect(200, 'POST', `/api/v1/absences/${sick.id}/transitions`, {
        token,
        body: { to: 'ended', reason: 'Back at work', endedOn: londonDate(0) },
      });
      // Leave planned six weeks ahead: after the period, not in it.
      await absence({
        peerWorkerId: colleague.id,
        kind: 'annual_leave',
        planned: true,
        startsOn: londonDate(40),
        expectedEndOn: londonDate(44),
      });

      const report = await t.expect(200, 'GET', `/api/v1/reports/operational?${period(site.siteId)}`, { token });
      const byId = (a: { absenceId: string }, b: { absenceId: string }) => a.absenceId.localeCompare(b.absenceId);
      expect([...report.absences].sort(byId)).toEqual(
        [
          {
            absenceId: leave.id,
            peerWorkerId: peer.peerWorkerId,
            kind: 'annual_leave',
            state: 'active',
            startsOn: londonDate(0),
            endsOn: londonDate(1),
            arrangements: [{ episodeId, arrangement: 'cover', coveringPeerWorkerId: colleague.id, state: 'active' }],
          },
          {
            absenceId: sick.id,
            peerWorkerId: colleague.id,
            kind: 'sickness',
            state: 'ended',
            startsOn: londonDate(0),
            endsOn: londonDate(0),
            arrangements: [],
          },
        ].sort(byId),
      );
      // Covered from the first day, so the episode never went without a responsible person.
      expect(report.episodesWithoutResponsiblePerson).toEqual([]);
      expect(report.daysWithoutResponsiblePerson).toBe(0);
    });
  });
});
