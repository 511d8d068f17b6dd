import { Role } from '../../src/common/auth/role';
import { SupportEpisodesService } from '../../src/episodes/support-episodes.service';
import type { Actor } from '../../src/common/auth/actor';
import { pair, Workforce } from '../support/builders';
import { TestApp, TestUser } from '../support/test-app';
import { referralBody, registerServiceUser } from '../support/builders';

describe('Support episodes', () => {
  let t: TestApp;
  let siteId: string;
  let coordinator: TestUser;
  let episodes: SupportEpisodesService;
  let asCoordinator: Actor;
  let peerWorkforce: Workforce;

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite('North Riverside');
    coordinator = await t.createUser([Role.Coordinator], [siteId]);
    episodes = t.app.get(SupportEpisodesService);
    asCoordinator = {
      kind: 'user',
      id: coordinator.id,
      roles: [Role.Coordinator],
      siteIds: [siteId],
      requestId: 'test',
    };
    peerWorkforce = await Workforce.of(t, coordinator.token, siteId);
  });
  afterAll(async () => {
    await t?.close();
  });

  const refer = async (serviceUserId: string, extra: Record<string, unknown> = {}) =>
    t.expect(201, 'POST', '/api/v1/support-episodes', {
      token: coordinator.token,
      body: referralBody(serviceUserId, extra),
    });
  const post = (status: number, id: string, action: string, body?: unknown) =>
    t.expect(status, 'POST', `/api/v1/support-episodes/${id}/${action}`, { token: coordinator.token, body });

  /** Pairing through its endpoint; the first ward meeting (delivery, later) through the service method it will call. */
  async function intoCommunitySupport(): Promise<string> {
    const serviceUserId = await registerServiceUser(t, coordinator.token, siteId);
    const episode = await refer(serviceUserId);
    await post(200, episode.id, 'allocation');
    await pair(t, coordinator.token, episode.id, (await peerWorkforce.ready()).id, 'Paired');
    await episodes.transition(asCoordinator, episode.id, 'ward_support', {
      firstWardMeetingAt: new Date('2026-11-10T10:00:00Z'),
      reason: 'First ward meeting',
    });
    const community = await post(200, episode.id, 'discharge', { dischargedOn: '2026-11-20' });
    expect(community.state).toBe('community_support');
    return episode.id;
  }

  it('refers an eligible service user, explains the checks and records the first move', async () => {
    const serviceUserId = await registerServiceUser(t, coordinator.token, siteId);
    const episode = await refer(serviceUserId);
    expect(episode).toMatchObject({
      state: 'referred',
      serviceUserId,
      siteId,
      diagnosticStratum: 'psychotic',
      eligibility: { eligible: true },
    });
    expect(episode.eligibility.checks.map((c: { rule: string }) => c.rule)).toEqual([
      'adult',
      'previous_admissions',
      'diagnosis_not_excluded',
    ]);
    const history = await t.expect(200, 'GET', `/api/v1/support-episodes/${episode.id}/transitions`, {
      token: coordinator.token,
    });
    expect(history).toMatchObject([
      { fromState: null, toState: 'referred', actorId: coordinator.id, reason: 'Referral' },
    ]);
  });

  it('refuses an ineligible referral with 422 explaining every failing rule, and writes no episode', async () => {
    const serviceUserId = await registerServiceUser(t, coordinator.token, siteId, { dateOfBirth: '2010-03-01' });
    const problem = await t.expect(422, 'POST', '/api/v1/support-episodes', {
      token: coordinator.token,
      body: referralBody(serviceUserId, { previousAdmissionDates: ['2020-01-01'], primaryDiagnosisGroup: 'organic' }),
    });
    expect(problem.rule).toBe('eligibility');
    expect(
      problem.eligibility.checks.filter((c: { passed: boolean }) => !c.passed).map((c: { rule: string }) => c.rule),
    ).toEqual(['adult', 'previous_admissions', 'diagnosis_not_excluded']);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM support_episodes WHERE service_user_id = $1`,
      [serviceUserId],
    );
    expect(count).toBe(0);
    const [audit] = await t.dataSource.query(
      `SELECT outcome FROM audit_events WHERE service_user_id = $1 AND action = 'support_episode.refer'`,
      [serviceUserId],
    );
    expect(audit.outcome).toBe('failed');
  });

  it('applies each site’s own eligibility rules', async () => {
    const lenient = await t.createSite('Lenient Trust', {
      eligibilityMinPreviousAdmissions: 0,
      eligibilityExcludedDiagnosisGroups: [],
    });
    const serviceUserId = await registerServiceUser(t, t.adminToken, lenient);
    const check = await t.expect(200, 'POST', '/api/v1/support-episodes/eligibility-check', {
      token: t.adminToken,
      body: referralBody(serviceUserId, { previousAdmissionDates: [], primaryDiagnosisGroup: 'organic' }),
    });
    expect(check.eligible).toBe(true);
  });

  it('allows one open episode per service user, in the API and in the database', async () => {
    const serviceUserId = await registerServiceUser(t, coordinator.token, siteId);
    const first = await refer(serviceUserId);
    const problem = await t.expect(409, 'POST', '/api/v1/support-episodes', {
      token: coordinator.token,
      body: referralBody(serviceUserId),
    });
    expect(problem.rule).toBe('one_open_episode_per_service_user');
    await expect(
      t.dataSource.query(
        `INSERT INTO support_episodes (service_user_id, site_id, state, referred_on, referred_by_id, primary_diagnosis_group, diagnostic_stratum, eligibility)
         VALUES ($1, $2, 'awaiting_pairing', '2026-11-05', $3, 'psychotic', 'psychotic', '{}')`,
        [serviceUserId, siteId, coordinator.id],
      ),
    ).rejects.toThrow(/uq_support_episodes_one_open_per_service_user/);
    await post(200, first.id, 'ending', { endingReason: 'declined' });
    await refer(serviceUserId);
  });

  it('lets only one of many simultaneous referrals of the same person through', async () => {
    const serviceUserId = await registerServiceUser(t, coordinator.token, siteId);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.call('POST', '/api/v1/support-episodes', { token: coordinator.token, body: referralBody(serviceUserId) }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, ...Array(9).fill(409)]);
  });

  it('sends every consented service user to awaiting pairing when the site does not randomise', async () => {
    const serviceUserId = await registerServiceUser(t, coordinator.token, siteId);
    const episode = await refer(serviceUserId);
    const allocated = await post(200, episode.id, 'allocation');
    expect(allocated).toMatchObject({ state: 'awaiting_pairing', allocationMethod: 'none', allocatedArm: null });
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM allocations WHERE episode_id = $1`,
      [episode.id],
    );
    expect(count).toBe(0);
  });

  it('refuses to allocate a service user who has not consented to peer support, naming the rule', async () => {
    const serviceUserId = await registerServiceUser(t, coordinator.token, siteId, { consents: [] });
    const episode = await refer(serviceUserId);
    const problem = await post(409, episode.id, 'allocation');
    expect(problem).toMatchObject({
      type: '/problems/forbidden-transition',
      from: 'referred',
      to: 'awaiting_pairing',
      rule: 'peer_support_consent',
    });
  });

  it('refuses to allocate twice, and refuses moves the workflow does not allow, naming the rule', async () => {
    const serviceUserId = await registerServiceUser(t, coordinator.token, siteId);
    const episode = await refer(serviceUserId);
    await post(200, episode.id, 'allocation');
    expect((await post(409, episode.id, 'allocation')).rule).toBe('transition_not_in_table');
    // A readmission needs a discharge to follow (issue 13: a discharge before pairing is now accepted).
    expect((await post(409, episode.id, 'readmission', { readmittedOn: '2026-11-21' })).rule).toBe(
      'readmission_follows_discharge',
    );
    expect((await post(409, episode.id, 'ending', { endingReason: 'planned_ending' })).rule).toBe(
      'planned_ending_follows_step_down',
    );
    await expect(episodes.transition(asCoordinator, episode.id, 'paired', {})).rejects.toMatchObject({
      status: 409,
      rule: 'peer_worker_assigned',
    });
    await expect(episodes.transition(asCoordinator, episode.id, 'ward_support', {})).rejects.toMatchObject({
      rule: 'transition_not_in_table',
    });
    const unchanged = await t.expect(200, 'GET', `/api/v1/support-episodes/${episode.id}`, {
      token: coordinator.token,
    });
    expect(unchanged.state).toBe('awaiting_pairing');
  });

  it('pauses community support on readmission and returns to it after the next discharge', async () => {
    const id = await intoCommunitySupport();
    const readmitted = await post(200, id, 'readmission', { readmittedOn: '2026-11-24' });
    expect(readmitted).toMatchObject({ state: 'readmitted', pausedFrom: 'community_support' });
    expect((await post(409, id, 'discharge', { dischargedOn: '2026-11-23' })).rule).toBe(
      'discharged_after_readmission',
    );
    const resumed = await post(200, id, 'discharge', { dischargedOn: '2026-11-25' });
    expect(resumed).toMatchObject({ state: 'community_support', pausedFrom: null, dischargedOn: '2026-11-25' });
  });

  it('pauses the step-down on readmission and returns to the step-down, then ends as planned', async () => {
    const id = await intoCommunitySupport();
    await episodes.transition(asCoordinator, id, 'step_down', { reason: 'Step-down begins' });
    expect((await post(200, id, 'readmission', { readmittedOn: '2026-11-22' })).pausedFrom).toBe('step_down');
    expect((await post(200, id, 'discharge', { dischargedOn: '2026-11-24' })).state).toBe('step_down');
    const ended = await post(200, id, 'ending', { endingReason: 'planned_ending', note: 'Ten weeks completed' });
    expect(ended).toMatchObject({ state: 'ended', endingReason: 'planned_ending' });
    expect((await post(409, id, 'ending', { endingReason: 'other' })).rule).toBe('transition_not_in_table');
    const history = await t.expect(200, 'GET', `/api/v1/support-episodes/${id}/transitions`, {
      token: coordinator.token,
    });
    expect(history.map((h: { fromState: string | null; toState: string }) => `${h.fromState}->${h.toState}`)).toEqual([
      'null->referred',
      'referred->awaiting_pairing',
      'awaiting_pairing->paired',
      'paired->ward_support',
      'ward_support->community_support',
      'community_support->step_down',
      'step_down->readmitted',
      'readmitted->step_down',
      'step_down->ended',
    ]);
    expect(history.at(-1)).toMatchObject({ actorId: coordinator.id, reason: 'planned_ending: Ten weeks completed' });
    await expect(
      t.dataSource.query(`DELETE FROM support_episode_transitions WHERE episode_id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
  });

  it('ends an episode from any open state with a reason', async () => {
    const id = await intoCommunitySupport();
    expect(await post(200, id, 'ending', { endingReason: 'disengaged' })).toMatchObject({
      state: 'ended',
      endingReason: 'disengaged',
    });
    const bad = await post(400, id, 'ending', { endingReason: 'bored' });
    expect(bad.errors[0].field).toBe('endingReason');
  });

  it('gives 404 to a coordinator of another site, audits the attempt as denied, and shows ward staff the episodes on their ward', async () => {
    const serviceUserId = await registerServiceUser(t, coordinator.token, siteId);
    const episode = await refer(serviceUserId);
    const otherSite = await t.createSite('South Hills');
    const stranger = await t.createUser([Role.Coordinator], [otherSite]);
    await t.expect(404, 'GET', `/api/v1/support-episodes/${episode.id}`, { token: stranger.token });
    await t.expect(404, 'POST', `/api/v1/support-episodes/${episode.id}/ending`, {
      token: stranger.token,
      body: { endingReason: 'other' },
    });
    const denied = await t.dataSource.query(
      `SELECT action FROM audit_events WHERE actor_id = $1 AND outcome = 'denied' ORDER BY id`,
      [stranger.id],
    );
    expect(denied.map((d: { action: string }) => d.action)).toEqual([
      'support_episode.read',
      'support_episode.transition',
    ]);
    const list = await t.expect(200, 'GET', `/api/v1/support-episodes?serviceUserId=${serviceUserId}`, {
      token: stranger.token,
    });
    expect(list.items).toEqual([]);

    const ward = await t.expect(201, 'POST', `/api/v1/sites/${siteId}/wards`, {
      token: coordinator.token,
      body: { name: 'Cedar' },
    });
    const nurse = await t.createUser([Role.WardStaff], [siteId], coordinator.token);
    await t.expect(200, 'PUT', `/api/v1/users/${nurse.id}/wards/${ward.id}`, { token: coordinator.token });
    await t.expect(404, 'GET', `/api/v1/support-episodes/${episode.id}`, { token: nurse.token });
    const onWard = await registerServiceUser(t, coordinator.token, siteId, { wardId: ward.id });
    const wardEpisode = await refer(onWard);
    await t.expect(200, 'GET', `/api/v1/support-episodes/${wardEpisode.id}`, { token: nurse.token });
    const nurseList = await t.expect(200, 'GET', '/api/v1/support-episodes', { token: nurse.token });
    expect(nurseList.items.map((e: { id: string }) => e.id)).toEqual([wardEpisode.id]);
  });
});
