import { Role } from '../../src/common/auth/role';
import { hoursFromNow } from '../support/builders';
import { recruitPeerWorker } from '../support/builders';
import { TestApp } from '../support/test-app';
import { day, episodeInCommunity, holdCommunityMeeting, reportingSite } from './report-fixtures';

describe('Operational reports', () => {
  let t: TestApp;
  let scenario: Awaited<ReturnType<typeof reportingSite>>;
  let episodes: { e1: string; e2: string; e3: string };
  let second: string;
  const period = () => `siteId=${scenario.site.siteId}&from=${day(-30)}&to=${day(0)}`;

  beforeAll(async () => {
    t = await TestApp.start();
    scenario = await reportingSite(t);
    const { site, peer } = scenario;
    // Three service users paired with one peer worker; each had a ward meeting 3 days before discharge.
    const e1 = await episodeInCommunity(t, site, peer, 10); // first community meeting 3 days after discharge
    const e2 = await episodeInCommunity(t, site, peer, 20); // … 12 days after discharge
    const e3 = await episodeInCommunity(t, site, peer, 2); // none yet; then ends, declined
    episodes = { e1, e2, e3 };
    await holdCommunityMeeting(t, peer, e1, 7);
    await holdCommunityMeeting(t, peer, e2, 8);
    // A telephone contact planned yesterday for e1 that the service user missed.
    const call = await t.expect(201, 'POST', `/api/v1/support-episodes/${e1}/meetings`, {
      token: peer.user.token,
      body: { mode: 'telephone', setting: 'online', plannedStartAt: hoursFromNow(-24), plannedDurationMinutes: 15 },
    });
    await t.expect(200, 'POST', `/api/v1/meetings/${call.id}/missed`, {
      token: peer.user.token,
      body: { missedBy: 'service_user', reason: 'No answer' },
    });
    // Two home visits today under lone working: one checked out, one still open.
    for (const checkOut of [true, false]) {
      const home = await t.expect(201, 'POST', `/api/v1/support-episodes/${e1}/meetings`, {
        token: peer.user.token,
        body: {
          mode: 'face_to_face',
          setting: 'service_user_home',
          plannedStartAt: hoursFromNow(-0.5),
          plannedDurationMinutes: 60,
        },
      });
      const visit = await t.expect(201, 'POST', `/api/v1/meetings/${home.id}/visit`, {
        token: peer.user.token,
        body: { location: '14 Mill Lane', expectedEndAt: hoursFromNow(1) },
      });
      if (checkOut)
        await t.expect(200, 'POST', `/api/v1/lone-working/visits/${visit.id}/check-out`, {
          token: peer.user.token,
          body: {},
        });
    }
    await t.expect(200, 'POST', `/api/v1/support-episodes/${e3}/ending`, {
      token: site.coordinator.token,
      body: { endingReason: 'declined', note: 'Did not want community support' },
    });
    // Supervision in the period: one individual session; two group sessions, the peer worker at one, a colleague with no caseload at the other.
    second = (await recruitPeerWorker(t, site.coordinator.token, site.siteId, 'active', 'Ola Adeyemi')).id;
    await t.expect(201, 'POST', '/api/v1/supervision/individual-sessions', {
      token: site.coordinator.token,
      body: { peerWorkerId: peer.peerWorkerId, heldOn: day(-5) },
    });
    await t.expect(201, 'POST', '/api/v1/supervision/group-sessions', {
      token: site.coordinator.token,
      body: {
        siteId: site.siteId,
        heldOn: day(-20),
        attendeePeerWorkerIds: [peer.peerWorkerId],
        themes: ['boundaries'],
      },
    });
    await t.expect(201, 'POST', '/api/v1/supervision/group-sessions', {
      token: site.coordinator.token,
      body: { siteId: site.siteId, heldOn: day(-6), attendeePeerWorkerIds: [second], themes: ['self-care'] },
    });
  }, 120_000);

  afterAll(() => t?.close());

  it('counts each peer worker’s caseload at the end of the period against the cap, leaving out ended episodes', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/reports/operational?${period()}`, {
      token: scenario.site.coordinator.token,
    });
    expect(report.caseloads).toEqual([
      {
        peerWorkerId: second,
        displayName: 'Ola Adeyemi',
        status: 'active',
        activeServiceUsers: 0,
        caseloadCap: 6,
        overCap: false,
      },
      {
        peerWorkerId: scenario.peer.peerWorkerId,
        displayName: 'Peer of North Riverside',
        status: 'active',
        activeServiceUsers: 2,
        caseloadCap: 6,
        overCap: false,
      },
    ]);
  });

  it('counts episodes by state and arm, and endings by reason', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/reports/operational?${period()}`, {
      token: scenario.site.coordinator.token,
    });
    const byState = Object.fromEntries(report.episodesByStateAndArm.map((r: any) => [r.state, r.episodes]));
    expect(byState).toEqual({ community_support: 2, ended: 1 });
    expect(report.endings).toEqual([{ reason: 'declined', episodes: 1 }]);
  });

  it('works out days from discharge to the first community meeting: median, 90th percentile and share within the window', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/reports/operational?${period()}`, {
      token: scenario.site.coordinator.token,
    });
    // Days 3 and 12 (e3 not yet met): median (3+12)/2 = 7.5; p90 = 3 + 0.9 × 9 = 11.1; 1 of 3 discharged within 7 days.
    expect(report.firstCommunityMeeting).toEqual({
      windowDays: 7,
      discharged: 3,
      met: 2,
      withinWindow: 1,
      shareWithinWindow: 0.333,
      medianDays: 7.5,
      p90Days: 11.1,
    });
  });

  it('counts meetings planned, held and missed by mode and setting', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/reports/operational?${period()}`, {
      token: scenario.site.coordinator.token,
    });
    expect(report.meetings).toEqual([
      {
        mode: 'face_to_face',
        setting: 'community_venue',
        planned: 2,
        held: 2,
        missed: 0,
        cancelled: 0,
        rescheduled: 0,
        outstanding: 0,
      },
      {
        mode: 'face_to_face',
        setting: 'service_user_home',
        planned: 2,
        held: 0,
        missed: 0,
        cancelled: 0,
        rescheduled: 0,
        outstanding: 2,
      },
      {
        mode: 'face_to_face',
        setting: 'ward',
        planned: 3,
        held: 3,
        missed: 0,
        cancelled: 0,
        rescheduled: 0,
        outstanding: 0,
      },
      {
        mode: 'telephone',
        setting: 'online',
        planned: 1,
        held: 0,
        missed: 1,
        cancelled: 0,
        rescheduled: 0,
        outstanding: 0,
      },
    ]);
  });

  it('counts lone-working visits checked out in time and still open', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/reports/operational?${period()}`, {
      token: scenario.site.coordinator.token,
    });
    expect(report.loneWorking).toEqual({
      visits: 2,
      checkedOutInTime: 1,
      checkedOutLate: 0,
      notCheckedOut: 1,
      escalationsSent: 0,
      escalationsAcknowledged: 0,
    });
  });

  it('counts supervision delivered against the cycles the period spans', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/reports/operational?${period()}`, {
      token: scenario.site.coordinator.token,
    });
    // 31 days: one monthly (30-day) cycle, two fortnightly (14-day) cycles.
    expect(report.supervision).toEqual([
      {
        peerWorkerId: second,
        displayName: 'Ola Adeyemi',
        individualHeld: 0,
        individualDue: 1,
        groupAttended: 1,
        groupDue: 2,
      },
      {
        peerWorkerId: scenario.peer.peerWorkerId,
        displayName: 'Peer of North Riverside',
        individualHeld: 1,
        individualDue: 1,
        groupAttended: 1,
        groupDue: 2,
      },
    ]);
  });

  it('counts planned contacts due and step-down windows closed from the generated community plans', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/reports/operational?${period()}`, {
      token: scenario.site.coordinator.token,
    });
    const contacts = await Promise.all(
      Object.values(episodes).map((id) =>
        t.expect(200, 'GET', `/api/v1/support-episodes/${id}/community-plan`, {
          token: scenario.site.coordinator.token,
        }),
      ),
    );
    const all = contacts.flatMap((plan: any) => plan.contacts);
    const dueInPeriod = all.filter((c: any) => c.dueOn >= day(-30) && c.dueOn <= day(0));
    expect(report.plannedContacts.reduce((n: number, r: any) => n + r.due, 0)).toBe(dueInPeriod.length);
    expect(report.plannedContacts.reduce((n: number, r: any) => n + r.held, 0)).toBe(
      dueInPeriod.filter((c: any) => c.status === 'held').length,
    );
    const closed = all.filter(
      (c: any) =>
        c.windowEndsOn >= day(-30) &&
        (c.windowEndsOn < day(0) || c.status === 'held') &&
        !['suspended', 'cancelled'].includes(c.status),
    );
    expect(report.stepDownAdherence.reduce((n: number, r: any) => n + r.windowsClosed, 0)).toBe(closed.length);
  });

  it('serves the same figures as CSV with a CSV content type and an attachment file name', async () => {
    const response = await t.call('GET', `/api/v1/reports/operational.csv?${period()}`, {
      token: scenario.site.coordinator.token,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="operational-report.csv"');
    const lines = response.body.split('\r\n');
    expect(lines[0]).toBe('section,subject,measure,value');
    expect(lines).toContain('endings,declined,episodes,1');
    expect(lines).toContain(`first_community_meeting,${scenario.site.siteId},medianDays,7.5`);
    expect(lines).toContain(`caseload,${scenario.peer.peerWorkerId},activeServiceUsers,2`);
  });

  it('lets an admin read any site, and hides a site from another site’s coordinator (404)', async () => {
    await t.expect(200, 'GET', `/api/v1/reports/operational?${period()}`, { token: t.adminToken });
    const elsewhere = await t.createSite('Elsewhere');
    const otherCoordinator = await t.createUser([Role.Coordinator], [elsewhere]);
    const refused = await t.call('GET', `/api/v1/reports/operational?${period()}`, { token: otherCoordinator.token });
    expect(refused.statusCode).toBe(404);
    const csv = await t.call('GET', `/api/v1/reports/operational.csv?${period()}`, { token: otherCoordinator.token });
    expect(csv.statusCode).toBe(404);
    const peerWorker = await t.call('GET', `/api/v1/reports/operational?${period()}`, {
      token: scenario.peer.user.token,
    });
    expect(peerWorker.statusCode).toBe(403);
  });

  it('refuses a period that ends before it starts, naming the field, and a malformed date', async () => {
    const backwards = await t.call(
      'GET',
      `/api/v1/reports/operational?siteId=${scenario.site.siteId}&from=${day(0)}&to=${day(-1)}`,
      { token: scenario.site.coordinator.token },
    );
    expect(backwards.statusCode).toBe(422);
    expect(backwards.headers['content-type']).toContain('application/problem+json');
    expect(backwards.json().errors[0].field).toBe('to');
    const malformed = await t.call(
      'GET',
      `/api/v1/reports/operational?siteId=${scenario.site.siteId}&from=yesterday&to=${day(0)}`,
      { token: scenario.site.coordinator.token },
    );
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('from');
  });

  it('audits every report read', async () => {
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'report.read' AND actor_id = $1`,
      [scenario.site.coordinator.id],
    );
    expect(n).toBeGreaterThan(0);
  });

  it('counts the days an episode, once paired, had nobody responsible for it', async () => {
    const other = await reportingSite(t, 'South Meadows');
    const episodeId = await episodeInCommunity(t, other.site, other.peer, 10);
    // The peer worker's pairing stopped four days ago with nobody taking over (a gap the report exists to show).
    await t.dataSource.query(
      `UPDATE pairings SET ended_at = now() - interval '4 days', end_reason = 'left the service' WHERE episode_id = $1`,
      [episodeId],
    );
    const report = await t.expect(
      200,
      'GET',
      `/api/v1/reports/operational?siteId=${other.site.siteId}&from=${day(-30)}&to=${day(0)}`,
      { token: other.site.coordinator.token },
    );
    // Days -4, -3, -2, -1 and today: five London days with no open pairing.
    expect(report.episodesWithoutResponsiblePerson).toEqual([{ episodeId, days: 5 }]);
    expect(report.daysWithoutResponsiblePerson).toBe(5);
    expect(report.caseloads).toEqual([
      expect.objectContaining({ peerWorkerId: other.peer.peerWorkerId, activeServiceUsers: 0 }),
    ]);
  });
});
