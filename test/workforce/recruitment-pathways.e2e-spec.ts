import { Role } from '../../src/common/auth/role';
import { TestApp, TestUser } from '../support/test-app';
import {
  acknowledgeCodeOfEthics,
  completeInduction,
  move,
  PANEL_WITHOUT_PEER,
  passCoreTraining,
  PEER_PANEL,
  refused,
} from './support';

describe('Recruiting peer workers on both pathways', () => {
  let t: TestApp;
  let siteId: string;
  let coordinator: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite();
    coordinator = await t.createUser([Role.Coordinator], [siteId]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const campaign = (postsToFill: number, reservePlaces: number) =>
    t.expect(201, 'POST', '/api/v1/recruitment/campaigns', {
      token: coordinator.token,
      body: { siteId, title: 'Spring 2026', postsToFill, reservePlaces, advertisedOn: '2026-01-05' },
    });

  it('takes a new recruit (Pathway 1) from expressed interest to active, refusing every step taken too early', async () => {
    const token = coordinator.token;
    const { id: campaignId } = await campaign(1, 1);
    const application = await t.expect(201, 'POST', `/api/v1/recruitment/campaigns/${campaignId}/applications`, {
      token,
      body: { pathway: 'new_recruit', displayName: 'Sam Okafor', email: 'sam@example.org' },
    });
    expect(application.stage).toBe('expressed_interest');
    const pw = application.peerWorkerId;
    expect((await t.expect(200, 'GET', `/api/v1/peer-workers/${pw}`, { token })).status).toBe('applicant');

    await refused(t, token, application.id, 'in_training', 'transition_not_in_table');
    await move(t, token, application.id, 'attended_information_event');
    await move(t, token, application.id, 'in_training');
    expect((await t.expect(200, 'GET', `/api/v1/peer-workers/${pw}`, { token })).status).toBe('in_training');

    await refused(t, token, application.id, 'training_assessed', 'training_assessment_passed');
    await passCoreTraining(t, token, siteId, pw);
    await move(t, token, application.id, 'training_assessed');
    await refused(t, token, application.id, 'pre_employment_checks', 'pathway_existing_workforce');
    await move(t, token, application.id, 'applied');

    const noPanel = await t.call('POST', `/api/v1/recruitment/applications/${application.id}/transitions`, {
      token,
      body: { to: 'interviewed', reason: 'x' },
    });
    expect(noPanel.statusCode).toBe(422);
    await move(t, token, application.id, 'interviewed', { interviewPanel: PEER_PANEL, interviewedOn: '2026-02-27' });
    await move(t, token, application.id, 'offered');
    await move(t, token, application.id, 'pre_employment_checks');

    await refused(t, token, application.id, 'appointed', 'dbs_cleared');
    await t.expect(200, 'PUT', `/api/v1/peer-workers/${pw}/checks`, { token, body: { dbsClearedOn: '2026-03-02' } });
    await refused(t, token, application.id, 'appointed', 'occupational_health_cleared');
    await t.expect(200, 'PUT', `/api/v1/peer-workers/${pw}/checks`, {
      token,
      body: { occupationalHealthClearedOn: '2026-03-04' },
    });
    const appointed = await move(t, token, application.id, 'appointed');
    expect(appointed.stage).toBe('appointed');
    expect((await t.expect(200, 'GET', `/api/v1/peer-workers/${pw}`, { token })).status).toBe('appointed');

    // Not yet ready: induction and the code of ethics remain, and activation says which is missing.
    const before = await t.expect(200, 'GET', `/api/v1/peer-workers/${pw}/readiness`, { token });
    expect(before.ready).toBe(false);
    expect(before.unmet.map((u: { condition: string }) => u.condition)).toEqual([
      'induction_complete',
      'code_of_ethics_acknowledged',
    ]);
    const early = await t.call('POST', `/api/v1/peer-workers/${pw}/status`, {
      token,
      body: { status: 'active', reason: 'Starting' },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ rule: 'induction_complete' });

    // The appointed peer worker gets an account, and acknowledges the code of ethics themselves.
    const account = await t.createUser([Role.PeerWorker], [siteId]);
    await t.expect(200, 'PATCH', `/api/v1/peer-workers/${pw}`, { token, body: { userId: account.id } });
    await completeInduction(t, token, pw);
    // Issue 13 case 9: the coordinator can no longer acknowledge it on their behalf.
    const onTheirBehalf = await t.call('POST', `/api/v1/peer-workers/${pw}/code-of-ethics-acknowledgement`, {
      token,
      body: { version: 1 },
    });
    expect(onTheirBehalf.statusCode).toBe(403);
    expect(onTheirBehalf.headers['content-type']).toContain('application/problem+json');
    await acknowledgeCodeOfEthics(t, pw, account.token);
    const ready = await t.expect(200, 'GET', `/api/v1/peer-workers/${pw}/readiness`, { token: account.token });
    expect(ready).toMatchObject({ ready: true, unmet: [] });

    const active = await t.expect(200, 'POST', `/api/v1/peer-workers/${pw}/status`, {
      token,
      body: { status: 'active', reason: 'Ready to take referrals' },
    });
    expect(active.status).toBe('active');

    const history = await t.expect(200, 'GET', `/api/v1/recruitment/applications/${application.id}/history`, { token });
    expect(history.map((h: { toState: string }) => h.toState)).toEqual([
      'expressed_interest',
      'attended_information_event',
      'in_training',
      'training_assessed',
      'applied',
      'interviewed',
      'offered',
      'pre_employment_checks',
      'appointed',
    ]);
    expect(history.every((h: { actorId: string; reason: string }) => h.actorId === coordinator.id && h.reason)).toBe(
      true,
    );
    const statuses = await t.expect(200, 'GET', `/api/v1/peer-workers/${pw}/status-history`, { token });
    expect(statuses.map((h: { toState: string }) => h.toState)).toEqual([
      'applicant',
      'in_training',
      'appointed',
      'active',
    ]);
    expect(statuses[3]).toMatchObject({
      fromState: 'appointed',
      actorId: coordinator.id,
      reason: 'Ready to take referrals',
    });

    const audit = await t.dataSource.query(
      `SELECT action, count(*)::int AS n FROM audit_events WHERE resource_id IN ($1, $2) AND outcome = 'success' GROUP BY action`,
      [application.id, pw],
    );
    const n = (action: string) => audit.find((r: { action: string }) => r.action === action)?.n ?? 0;
    expect(n('recruitment_application.create')).toBe(1);
    expect(n('recruitment_application.transition')).toBe(8);
    expect(n('peer_worker.transition')).toBe(3);
    expect(n('peer_worker.induction')).toBe(4);
    expect(n('peer_worker.code_of_ethics')).toBe(1);
  });

  it('refuses an offer when the interview panel had no peer worker, and closes the application as not appointed', async () => {
    const token = coordinator.token;
    const { id: campaignId } = await campaign(2, 0);
    const application = await t.expect(201, 'POST', `/api/v1/recruitment/campaigns/${campaignId}/applications`, {
      token,
      body: { pathway: 'new_recruit', displayName: 'Robin Ash' },
    });
    await move(t, token, application.id, 'attended_information_event');
    await move(t, token, application.id, 'in_training');
    await passCoreTraining(t, token, siteId, application.peerWorkerId);
    await move(t, token, application.id, 'training_assessed');
    await move(t, token, application.id, 'applied');
    await move(t, token, application.id, 'interviewed', { interviewPanel: PANEL_WITHOUT_PEER });
    const problem = await refused(t, token, application.id, 'offered', 'interview_panel_included_peer_worker');
    expect(problem.detail).toContain('peer leadership in recruitment is essential');
    await move(t, token, application.id, 'not_appointed');
    await refused(t, token, application.id, 'withdrawn', 'transition_not_in_table');
    expect((await t.expect(200, 'GET', `/api/v1/peer-workers/${application.peerWorkerId}`, { token })).status).toBe(
      'left',
    );
  });

  it('lets an applicant withdraw from any open stage', async () => {
    const token = coordinator.token;
    const { id: campaignId } = await campaign(1, 0);
    const application = await t.expect(201, 'POST', `/api/v1/recruitment/campaigns/${campaignId}/applications`, {
      token,
      body: { pathway: 'new_recruit', displayName: 'Kim Patel' },
    });
    await move(t, token, application.id, 'attended_information_event');
    const withdrawn = await move(t, token, application.id, 'withdrawn', { reason: 'Took another job' });
    expect(withdrawn.stage).toBe('withdrawn');
  });

  it('assigns a peer worker from the existing workforce (Pathway 2): no information event, application or interview, but training, checks and induction before activation as cover from the reserve', async () => {
    const token = coordinator.token;
    const { id: campaignId } = await campaign(0, 1);
    const application = await t.expect(201, 'POST', `/api/v1/recruitment/campaigns/${campaignId}/applications`, {
      token,
      body: { pathway: 'existing_workforce', displayName: 'Dee Brown' },
    });
    expect(application.stage).toBe('assigned');
    const pw = application.peerWorkerId;
    await refused(t, token, application.id, 'attended_information_event', 'transition_not_in_table');
    await move(t, token, application.id, 'in_training');
    await refused(t, token, application.id, 'training_assessed', 'training_assessment_passed');
    await passCoreTraining(t, token, siteId, pw);
    await move(t, token, application.id, 'training_assessed');
    await refused(t, token, application.id, 'applied', 'pathway_new_recruit');
    await move(t, token, application.id, 'pre_employment_checks');
    await refused(t, token, application.id, 'appointed_to_reserve', 'dbs_cleared');
    await t.expect(200, 'PUT', `/api/v1/peer-workers/${pw}/checks`, {
      token,
      body: { dbsClearedOn: '2026-03-02', occupationalHealthClearedOn: '2026-03-04' },
    });
    await refused(t, token, application.id, 'appointed', 'post_available');
    await move(t, token, application.id, 'appointed_to_reserve');
    expect((await t.expect(200, 'GET', `/api/v1/peer-workers/${pw}`, { token })).status).toBe('reserve');

    await completeInduction(t, token, pw);
    const account = await t.createUser([Role.PeerWorker], [siteId]);
    await t.expect(200, 'PATCH', `/api/v1/peer-workers/${pw}`, { token, body: { userId: account.id } });
    await acknowledgeCodeOfEthics(t, pw, account.token);
    const reserve = await t.expect(200, 'GET', `/api/v1/peer-workers/${pw}/readiness`, { token });
    expect(reserve.unmet.map((u: { condition: string }) => u.condition)).toEqual(['appointed']);

    const figures = await t.expect(200, 'GET', `/api/v1/recruitment/campaigns/${campaignId}/figures`, { token });
    expect(figures).toMatchObject({ postsToFill: 0, appointed: 0, reservePlaces: 1, appointedToReserve: 1 });
    expect(figures.reservePoolSize).toBeGreaterThanOrEqual(1);
    expect(figures.byStage.find((s: { stage: string }) => s.stage === 'appointed_to_reserve').count).toBe(1);

    // Issue 13 case 9: activation through POST …/status used to skip the reserve induction that cover enforces.
    const early = await t.call('POST', `/api/v1/peer-workers/${pw}/status`, {
      token,
      body: { status: 'active', reason: 'Activated as cover for a long-term absence' },
    });
    expect(early.statusCode).toBe(409);
    expect(early.headers['content-type']).toContain('application/problem+json');
    expect(early.json()).toMatchObject({ rule: 'reserve_induction_recorded', from: 'reserve', to: 'active' });
    await t.expect(201, 'POST', `/api/v1/peer-workers/${pw}/reserve-inductions`, {
      token,
      body: { completedOn: '2026-03-11', topics: ['team re-introduction', 'supervision arrangements'] },
    });
    await t.expect(200, 'POST', `/api/v1/peer-workers/${pw}/status`, {
      token,
      body: { status: 'active', reason: 'Activated as cover for a long-term absence' },
    });
    expect(await t.expect(200, 'GET', `/api/v1/peer-workers/${pw}/readiness`, { token })).toMatchObject({
      ready: true,
      unmet: [],
    });
  });

  it('refuses to start training or appoint outside the recruitment workflow', async () => {
    const token = coordinator.token;
    const worker = await t.expect(201, 'POST', '/api/v1/peer-workers', {
      token,
      body: { siteId, displayName: 'Lee Grant' },
    });
    const response = await t.call('POST', `/api/v1/peer-workers/${worker.id}/status`, {
      token,
      body: { status: 'in_training', reason: 'x' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ rule: 'recruitment_workflow' });
  });

  it('counts applications at each stage in the campaign figures', async () => {
    const token = coordinator.token;
    const { id: campaignId } = await campaign(3, 1);
    for (const name of ['A One', 'B Two']) {
      await t.expect(201, 'POST', `/api/v1/recruitment/campaigns/${campaignId}/applications`, {
        token,
        body: { pathway: 'new_recruit', displayName: name },
      });
    }
    const figures = await t.expect(200, 'GET', `/api/v1/recruitment/campaigns/${campaignId}/figures`, { token });
    expect(figures.byStage.find((s: { stage: string }) => s.stage === 'expressed_interest').count).toBe(2);
    expect(figures).toMatchObject({ postsToFill: 3, appointed: 0 });
  });

  it('hides recruitment from another site’s coordinator and from peer workers and ward staff', async () => {
    const { id: campaignId } = await campaign(1, 0);
    const otherSite = await t.createSite('Other Trust');
    const outsider = await t.createUser([Role.Coordinator], [otherSite]);
    await t.expect(404, 'GET', `/api/v1/recruitment/campaigns/${campaignId}`, { token: outsider.token });
    const ward = await t.createUser([Role.WardStaff], [siteId]);
    await t.expect(403, 'GET', `/api/v1/recruitment/campaigns/${campaignId}`, { token: ward.token });
    const peer = await t.createUser([Role.PeerWorker], [siteId]);
    await t.expect(403, 'GET', `/api/v1/recruitment/campaigns/${campaignId}/figures`, { token: peer.token });
  });
});
