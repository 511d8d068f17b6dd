import { Role } from '../../src/common/auth/role';
import { FIDELITY_INDICATOR_KEYS } from '../../src/fidelity/fidelity-indicators';
import { heldDetails, hoursFromNow, pairedEpisode, wardMeeting } from '../support/builders';
import { day, holdCommunityMeeting, reportingSite } from '../reports/report-fixtures';
import { recruitPeerWorker } from '../support/builders';
import { TestApp } from '../support/test-app';

describe('Fidelity to the ENRICH model', () => {
  let t: TestApp;
  let scenario: Awaited<ReturnType<typeof reportingSite>>;
  let colleague: string;
  const e: Record<'e1' | 'e2' | 'e3', string> = { e1: '', e2: '', e3: '' };
  const query = () => `siteId=${scenario.site.siteId}&from=${day(-40)}&to=${day(0)}`;

  /** Paired, a ward meeting held `wardDaysAgo`, a discharge meeting (if given), discharged `dischargedDaysAgo`. */
  async function discharged(
    wardDaysAgo: number,
    dischargedDaysAgo: number,
    dischargeMeeting: { invited: boolean; attended: boolean } | null,
  ): Promise<string> {
    const { site, peer } = scenario;
    const id = await pairedEpisode(t, site, peer.peerWorkerId);
    await t.expect(201, 'POST', `/api/v1/support-episodes/${id}/meetings`, {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(-24 * wardDaysAgo), { status: 'held', held: heldDetails(-24 * wardDaysAgo) }),
    });
    if (dischargeMeeting) {
      await t.expect(201, 'POST', `/api/v1/support-episodes/${id}/discharge-meetings`, {
        token: site.wardStaff.token,
        body: {
          heldOn: day(-dischargedDaysAgo - 1),
          attendees: [
            { role: 'service_user' },
            { role: 'ward_staff' },
            ...(dischargeMeeting.attended ? [{ role: 'peer_worker' }] : []),
          ],
          serviceUserInvitedPeerWorker: dischargeMeeting.invited,
          peerWorkerAttended: dischargeMeeting.attended,
          plannedDischargeOn: day(-dischargedDaysAgo),
          communityFollowUpArranged: false,
        },
      });
    }
    await t.expect(200, 'POST', `/api/v1/support-episodes/${id}/discharge`, {
      token: site.wardStaff.token,
      body: { dischargedOn: day(-dischargedDaysAgo) },
    });
    return id;
  }

  beforeAll(async () => {
    t = await TestApp.start();
    scenario = await reportingSite(t, 'Fidelity Trust');
    const { site, peer } = scenario;
    // e1: met on the ward, peer at the discharge meeting, first community meeting 3 days after discharge, a crisis plan written.
    e.e1 = await discharged(13, 10, { invited: true, attended: true });
    await holdCommunityMeeting(t, peer, e.e1, 7);
    await t.expect(201, 'POST', `/api/v1/support-episodes/${e.e1}/plans`, {
      token: peer.user.token,
      body: {
        kind: 'crisis_plan',
        sections: [{ heading: 'Who to call', text: 'My sister first.' }],
        sharedWithCareTeam: false,
        changeSummary: 'Written together',
      },
    });
    // e2: invited but the peer worker did not attend; first community meeting 12 days after discharge (late).
    e.e2 = await discharged(23, 20, { invited: true, attended: false });
    await holdCommunityMeeting(t, peer, e.e2, 8);
    // e3: the ward meeting was recorded a day after the discharge date; not invited to the discharge meeting; then disengaged.
    e.e3 = await discharged(1, 3, { invited: false, attended: false });
    await t.expect(200, 'POST', `/api/v1/support-episodes/${e.e3}/ending`, {
      token: site.coordinator.token,
      body: { endingReason: 'disengaged', note: 'No contact' },
    });
    // Supervision over 41 days: 1 monthly and 2 fortnightly cycles. The peer worker has all three; a colleague none.
    colleague = (await recruitPeerWorker(t, site.coordinator.token, site.siteId, 'active', 'Ola Adeyemi')).id;
    await t.expect(201, 'POST', '/api/v1/supervision/individual-sessions', {
      token: site.coordinator.token,
      body: { peerWorkerId: peer.peerWorkerId, heldOn: day(-9) },
    });
    for (const heldOn of [day(-30), day(-12)]) {
      await t.expect(201, 'POST', '/api/v1/supervision/group-sessions', {
        token: site.coordinator.token,
        body: { siteId: site.siteId, heldOn, attendeePeerWorkerIds: [peer.peerWorkerId], themes: ['boundaries'] },
      });
    }
  }, 120_000);

  afterAll(() => t?.close());

  const indicator = (report: any, key: string) => report.indicators.find((i: any) => i.indicator === key);

  it('reports every indicator of the table, in its order, with its handbook section', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/fidelity?${query()}`, {
      token: scenario.site.coordinator.token,
    });
    expect(report.indicators.map((i: any) => i.indicator)).toEqual([...FIDELITY_INDICATOR_KEYS]);
    expect(indicator(report, 'first_community_meeting_within_window').handbookSection).toBe(
      '14.1 First meeting post-discharge',
    );
  });

  it('counts meeting on the ward before discharge, and names the episode whose ward meeting came after it', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/fidelity?${query()}`, {
      token: scenario.site.coordinator.token,
    });
    expect(indicator(report, 'met_on_ward_before_discharge')).toMatchObject({
      numerator: 2,
      denominator: 3,
      rate: 0.667,
      misses: [{ subjectId: e.e3, episodeId: e.e3, peerWorkerId: scenario.peer.peerWorkerId }],
    });
  });

  it('links each miss to its episode, so a coordinator can open it; a peer worker’s own miss has no episode link', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/fidelity?${query()}`, {
      token: scenario.site.coordinator.token,
    });
    const [miss] = indicator(report, 'met_on_ward_before_discharge').misses;
    expect(miss.episodeHref).toBe(`http://localhost:3000/api/v1/support-episodes/${e.e3}`);
    const opened = await t.expect(200, 'GET', new URL(miss.episodeHref).pathname, {
      token: scenario.site.coordinator.token,
    });
    expect(opened.id).toBe(e.e3);
    expect(indicator(report, 'supervision_on_schedule').misses).toEqual([
      { subjectId: colleague, episodeId: null, episodeHref: null, peerWorkerId: colleague },
    ]);
  });

  it('counts the peer worker at the discharge meeting only where the service user invited them', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/fidelity?${query()}`, {
      token: scenario.site.coordinator.token,
    });
    expect(indicator(report, 'peer_worker_at_discharge_meeting')).toMatchObject({
      numerator: 1,
      denominator: 2,
      rate: 0.5,
      misses: [expect.objectContaining({ episodeId: e.e2 })],
    });
  });

  it('counts the first community meeting within 7 days, leaving out an episode whose window is still open', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/fidelity?${query()}`, {
      token: scenario.site.coordinator.token,
    });
    expect(indicator(report, 'first_community_meeting_within_window')).toMatchObject({
      numerator: 1,
      denominator: 2,
      rate: 0.5,
      misses: [expect.objectContaining({ episodeId: e.e2 })],
    });
  });

  it('counts service-user-owned plans written, planned endings and supervision on schedule', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/fidelity?${query()}`, {
      token: scenario.site.coordinator.token,
    });
    expect(indicator(report, 'service_user_owned_plan_written')).toMatchObject({
      numerator: 1,
      denominator: 3,
      rate: 0.333,
    });
    expect(
      indicator(report, 'service_user_owned_plan_written')
        .misses.map((m: any) => m.episodeId)
        .sort(),
    ).toEqual([e.e2, e.e3].sort());
    expect(indicator(report, 'planned_ending_held')).toMatchObject({
      numerator: 0,
      denominator: 1,
      rate: 0,
      misses: [expect.objectContaining({ episodeId: e.e3 })],
    });
    expect(indicator(report, 'supervision_on_schedule')).toMatchObject({
      numerator: 1,
      denominator: 2,
      rate: 0.5,
      misses: [{ subjectId: colleague, episodeId: null, peerWorkerId: colleague }],
    });
  });

  it('counts step-down contacts held inside their window from the generated plans', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/fidelity?${query()}`, {
      token: scenario.site.coordinator.token,
    });
    const plans = await Promise.all(
      [e.e1, e.e2, e.e3].map((id) =>
        t.expect(200, 'GET', `/api/v1/support-episodes/${id}/community-plan`, {
          token: scenario.site.coordinator.token,
        }),
      ),
    );
    const closed = plans
      .flatMap((p: any) => p.contacts)
      .filter(
        (c: any) =>
          c.windowEndsOn < day(0) && c.windowEndsOn >= day(-40) && !['suspended', 'cancelled'].includes(c.status),
      );
    const figure = indicator(report, 'step_down_followed');
    expect(figure.denominator).toBe(closed.length);
    expect(figure.denominator).toBeGreaterThan(0);
    expect(figure.numerator + figure.misses.length).toBe(figure.denominator);
  });

  it('scores the site as the mean rate of the indicators that have a denominator', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/fidelity?${query()}`, {
      token: scenario.site.coordinator.token,
    });
    const rates = report.indicators.map((i: any) => i.rate).filter((r: number | null) => r !== null);
    expect(rates).toHaveLength(7);
    expect(report.score).toBeCloseTo(rates.reduce((a: number, b: number) => a + b, 0) / 7, 3);
  });

  it('breaks the figures down per peer worker: the colleague only on supervision', async () => {
    const report = await t.expect(200, 'GET', `/api/v1/fidelity?${query()}`, {
      token: scenario.site.coordinator.token,
    });
    const ola = report.peerWorkers.find((p: any) => p.peerWorkerId === colleague);
    expect(ola.score).toBe(0);
    expect(ola.indicators.filter((i: any) => i.denominator > 0)).toEqual([
      { indicator: 'supervision_on_schedule', numerator: 0, denominator: 1, rate: 0 },
    ]);
    const own = report.peerWorkers.find((p: any) => p.peerWorkerId === scenario.peer.peerWorkerId);
    expect(own.indicators.find((i: any) => i.indicator === 'met_on_ward_before_discharge')).toEqual({
      indicator: 'met_on_ward_before_discharge',
      numerator: 2,
      denominator: 3,
      rate: 0.667,
    });
  });

  it('shows one episode’s indicators: met, missed, or not applicable', async () => {
    const episode = await t.expect(200, 'GET', `/api/v1/support-episodes/${e.e2}/fidelity`, {
      token: scenario.site.coordinator.token,
    });
    const outcome = Object.fromEntries(episode.indicators.map((i: any) => [i.indicator, i.outcome]));
    expect(outcome).toMatchObject({
      met_on_ward_before_discharge: 'met',
      peer_worker_at_discharge_meeting: 'missed',
      first_community_meeting_within_window: 'missed',
      planned_ending_held: 'not_applicable',
      service_user_owned_plan_written: 'missed',
      supervision_on_schedule: 'not_applicable',
    });
  });

  it('hides a site and its episodes from another site’s coordinator, and refuses peer workers', async () => {
    const elsewhere = await t.createSite('Elsewhere');
    const other = await t.createUser([Role.Coordinator], [elsewhere]);
    expect((await t.call('GET', `/api/v1/fidelity?${query()}`, { token: other.token })).statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/support-episodes/${e.e1}/fidelity`, { token: other.token })).statusCode).toBe(
      404,
    );
    expect((await t.call('GET', `/api/v1/fidelity?${query()}`, { token: scenario.peer.user.token })).statusCode).toBe(
      403,
    );
  });
});
