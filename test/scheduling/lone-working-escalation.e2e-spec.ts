import {
  DeliverySite,
  deliverySite,
  episodeInCommunity,
  hoursFromNow,
  londonDate,
  PeerWorkerAccount,
  peerWorkerAccount,
  wardMeeting,
} from '../support/builders';
import { TestApp, TestUser } from '../support/test-app';
import { waitFor } from './scheduling-fixtures';

// The site's grace period (1 minute) and acknowledgement window (60 minutes) are shortened a thousandfold:
// 60 ms and 3.6 s. A visit is started to end 1.5 s from now (a real instant, not scaled), so the
// coordinator is alerted about 1.6 s after the start and the deputy about 5.2 s after it.
const SCALE = 1e-3;
const GRACE_MINUTES = 1;
const ACK_MINUTES = 60;
const MINUTE = 60_000 * SCALE;
jest.setTimeout(30_000);

const COORDINATOR_STEP = 'lone_working.no_check_out';
const DEPUTY_STEP = 'lone_working.no_check_out.deputy';

describe('Lone-working escalation (real Redis, grace and acknowledgement windows shortened by configuration)', () => {
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;
  let episodeId: string;

  beforeAll(async () => {
    t = await TestApp.start({ REMINDER_TIME_SCALE: String(SCALE), OUTBOX_RELAY_INTERVAL_MS: '100' });
    site = await deliverySite(t);
    await t.expect(200, 'PATCH', `/api/v1/sites/${site.siteId}`, {
      token: t.adminToken,
      body: {
        settings: {
          loneWorkingGraceMinutes: GRACE_MINUTES,
          loneWorkingAcknowledgementMinutes: ACK_MINUTES,
          loneWorkingEscalationChain: ['coordinator', 'deputy'],
        },
      },
    });
    peer = await peerWorkerAccount(t, site);
    episodeId = await episodeInCommunity(t, site, peer);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const escalationsOf = async (user: TestUser, visitId: string) =>
    ((await t.expect(200, 'GET', '/api/v1/notifications', { token: user.token })).items as any[]).filter(
      (n) => n.subjectType === 'lone_working_visit' && n.subjectId === visitId,
    );
  const startVisit = async () => {
    const meeting = await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(0.01), { setting: 'service_user_home' }),
    });
    const expectedEndAt = new Date(Date.now() + 1500).toISOString();
    const visit = await t.expect(201, 'POST', `/api/v1/meetings/${meeting.id}/visit`, {
      token: peer.user.token,
      body: { location: '14 Mill Lane, ground floor flat', expectedEndAt },
    });
    const end = new Date(visit.expectedEndAt).getTime();
    return {
      visit,
      coordinatorAt: end + GRACE_MINUTES * MINUTE,
      deputyAt: end + (GRACE_MINUTES + ACK_MINUTES) * MINUTE,
    };
  };
  const until = (instant: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, instant - Date.now())));

  it('escalates an unacknowledged visit to the coordinator after the grace period, then to the deputy', async () => {
    const { visit, coordinatorAt, deputyAt } = await startVisit();
    const [first] = await waitFor('the coordinator’s escalation', async () => {
      const found = (await escalationsOf(site.coordinator, visit.id)).filter((n) => n.sentAt);
      return found.length ? found : null;
    });
    expect(first).toMatchObject({
      kind: COORDINATOR_STEP,
      siteId: site.siteId,
      details: { expectedEndAt: visit.expectedEndAt },
    });
    expect(new Date(first.sentAt).getTime()).toBeGreaterThanOrEqual(coordinatorAt);
    // The deputy has not been told yet: the coordinator still has their acknowledgement window.
    expect(await escalationsOf(site.deputy, visit.id)).toEqual([]);

    const [second] = await waitFor('the deputy’s escalation', async () => {
      const found = (await escalationsOf(site.deputy, visit.id)).filter((n) => n.sentAt);
      return found.length ? found : null;
    });
    expect(second).toMatchObject({ kind: DEPUTY_STEP, siteId: site.siteId });
    expect(new Date(second.sentAt).getTime()).toBeGreaterThanOrEqual(deputyAt);
    expect(new Date(second.sentAt).getTime() - deputyAt).toBeLessThan(1500);
    expect(
      (await t.expect(200, 'GET', `/api/v1/lone-working/visits/${visit.id}`, { token: site.coordinator.token })).safety,
    ).toBe('overdue_escalate_deputy');
  });

  it('stops at the coordinator once they acknowledge: the deputy is never told', async () => {
    const { visit, deputyAt } = await startVisit();
    await waitFor('the coordinator’s escalation', async () =>
      (await escalationsOf(site.coordinator, visit.id)).some((n) => n.sentAt),
    );
    const acknowledged = await t.expect(200, 'POST', `/api/v1/lone-working/visits/${visit.id}/acknowledgement`, {
      token: site.coordinator.token,
    });
    expect(acknowledged.safety).toBe('overdue_acknowledged');
    await until(deputyAt + 1500);
    expect(await escalationsOf(site.deputy, visit.id)).toEqual([]);
    expect(await escalationsOf(site.coordinator, visit.id)).toHaveLength(1);
  });

  it('escalates a checked-out visit to nobody', async () => {
    const { visit, deputyAt } = await startVisit();
    await t.expect(200, 'POST', `/api/v1/lone-working/visits/${visit.id}/check-out`, { token: peer.user.token });
    await until(deputyAt + 1500);
    expect(await escalationsOf(site.coordinator, visit.id)).toEqual([]);
    expect(await escalationsOf(site.deputy, visit.id)).toEqual([]);
  });

  it('goes straight to the deputy while the coordinator is absent, and does not alert them twice', async () => {
    await t.expect(201, 'POST', '/api/v1/absences', {
      token: site.coordinator.token,
      body: {
        subject: 'coordinator',
        userId: site.coordinator.id,
        siteId: site.siteId,
        kind: 'sickness',
        planned: false,
        startsOn: londonDate(0),
      },
    });
    const { visit, coordinatorAt, deputyAt } = await startVisit();
    const [first] = await waitFor('the escalation to the deputy', async () => {
      const found = (await escalationsOf(site.deputy, visit.id)).filter((n) => n.sentAt);
      return found.length ? found : null;
    });
    expect(first.kind).toBe(COORDINATOR_STEP); // the coordinator's step, addressed to whoever is responsible
    expect(new Date(first.sentAt).getTime()).toBeGreaterThanOrEqual(coordinatorAt);
    expect(new Date(first.sentAt).getTime()).toBeLessThan(deputyAt);
    await until(deputyAt + 1500);
    expect(await escalationsOf(site.coordinator, visit.id)).toEqual([]);
    expect(await escalationsOf(site.deputy, visit.id)).toHaveLength(1);
  });
});
