import { Role } from '../../src/common/auth/role';
import { peerWorkerAccount, Workforce } from '../support/builders';
import { TestApp, TestUser } from '../support/test-app';
import {
  COORDINATOR_FACILITATOR,
  coreModules,
  experiencedPeer,
  move,
  PANEL_WITHOUT_PEER,
  passCoreTraining,
  refused,
} from './support';

/**
 * Issue 13 case 9: workforce facts are records, not self-declared labels. Each test starts from the old failure
 * (free text accepted as the peer on a panel …) and shows it refused, naming the field and the rule.
 */
describe('Workforce facts are records', () => {
  let t: TestApp;
  let siteId: string;
  let coordinator: TestUser;
  let workforce: Workforce;

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite();
    coordinator = await t.createUser([Role.Coordinator], [siteId]);
    workforce = await Workforce.of(t, coordinator.token, siteId);
  });
  afterAll(async () => {
    await t?.close();
  });

  const transition = (applicationId: string, body: Record<string, unknown>) =>
    t.call('POST', `/api/v1/recruitment/applications/${applicationId}/transitions`, {
      token: coordinator.token,
      body: { reason: 'Interviewed', ...body },
    });

  it('names the peer on an interview panel by their peer worker record, never by a self-declared label', async () => {
    const token = coordinator.token;
    const { id: campaignId } = await t.expect(201, 'POST', '/api/v1/recruitment/campaigns', {
      token,
      body: { siteId, title: 'Panels', postsToFill: 2, reservePlaces: 0 },
    });
    const application = await t.expect(201, 'POST', `/api/v1/recruitment/campaigns/${campaignId}/applications`, {
      token,
      body: { pathway: 'new_recruit', displayName: 'Ria Shah' },
    });
    await move(t, token, application.id, 'attended_information_event');
    await move(t, token, application.id, 'in_training');
    await passCoreTraining(t, token, siteId, application.peerWorkerId);
    await move(t, token, application.id, 'training_assessed');
    await move(t, token, application.id, 'applied');

    // The old failure: a free-text member who said they were a peer was enough for an offer.
    const label = await transition(application.id, {
      to: 'interviewed',
      interviewPanel: [{ name: 'Jo Mensah', role: 'Senior peer worker', isPeerWorker: true }],
    });
    expect(label.statusCode).toBe(400);
    expect(label.headers['content-type']).toContain('application/problem+json');
    expect(label.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['interviewPanel[0].kind', 'interviewPanel[0].isPeerWorker']),
    );

    // A record that is not an appointed peer worker (here another applicant) is not the panel's peer.
    const applicant = await t.expect(201, 'POST', '/api/v1/peer-workers', {
      token,
      body: { siteId, displayName: 'Lee Grant' },
    });
    const notPeer = await transition(application.id, {
      to: 'interviewed',
      interviewPanel: [{ kind: 'peer_worker', peerWorkerId: applicant.id }],
    });
    expect(notPeer.statusCode).toBe(422);
    expect(notPeer.json()).toMatchObject({
      rule: 'panel_member_is_peer_worker',
      errors: [{ field: 'interviewPanel[0].peerWorkerId' }],
    });

    // An external peer needs their organisation and how their peer role was verified.
    const unverified = await transition(application.id, {
      to: 'interviewed',
      interviewPanel: [{ kind: 'external_peer', name: 'Kit Ames', role: 'Peer lead' }],
    });
    expect(unverified.statusCode).toBe(400);
    expect(unverified.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['interviewPanel[0].organisation', 'interviewPanel[0].roleVerifiedHow']),
    );

    // A staff-only panel is recorded, but no offer follows; re-recording the panel with a peer's record mends it.
    await move(t, token, application.id, 'interviewed', { interviewPanel: PANEL_WITHOUT_PEER });
    await refused(t, token, application.id, 'offered', 'interview_panel_included_peer_worker');
    const peer = await workforce.ready({ displayName: 'Jo Mensah' }, 'reserve');
    const reRecorded = await move(t, token, application.id, 'interviewed', {
      reason: 'Panel recorded with the peer’s record',
      interviewPanel: [{ kind: 'peer_worker', peerWorkerId: peer.id }, ...PANEL_WITHOUT_PEER],
    });
    expect(reRecorded.interviewPanel[0]).toMatchObject({
      kind: 'peer_worker',
      peerWorkerId: peer.id,
      name: 'Jo Mensah',
      roleVerification: null,
    });
    expect((await move(t, token, application.id, 'offered')).stage).toBe('offered');
  });

  it('names the experienced peer who co-delivers training by their record, and refuses anyone who is not one', async () => {
    const token = coordinator.token;
    const [core] = await coreModules(t, token);
    const session = (facilitators: unknown[]) =>
      t.call('POST', '/api/v1/training/sessions', {
        token,
        body: { siteId, moduleId: core.id, heldOn: '2026-02-10', facilitators },
      });
    // The old failure: an "experienced peer" with no record was accepted.
    const label = await session([{ name: 'Jo Mensah', role: 'experienced_peer_worker', peerWorkerId: null }]);
    expect(label.statusCode).toBe(400);
    expect(label.headers['content-type']).toContain('application/problem+json');
    expect(label.json().errors.map((e: { field: string }) => e.field)).toContain('facilitators[0].peerWorkerId');

    // A peer worker record that is not experienced (an applicant), or one of another site, is refused by name.
    const applicant = await t.expect(201, 'POST', '/api/v1/peer-workers', {
      token,
      body: { siteId, displayName: 'New Starter' },
    });
    const notExperienced = await session([
      COORDINATOR_FACILITATOR,
      { role: 'experienced_peer_worker', peerWorkerId: applicant.id },
    ]);
    expect(notExperienced.statusCode).toBe(422);
    expect(notExperienced.json()).toMatchObject({
      rule: 'co_deliverer_experienced_peer_worker',
      errors: [{ field: 'facilitators[1].peerWorkerId' }],
    });
    const elsewhere = await t.createSite('Elsewhere Trust');
    const otherCoordinator = await t.createUser([Role.Coordinator], [elsewhere]);
    const theirs = await experiencedPeer(t, otherCoordinator.token, elsewhere);
    expect((await session([theirs])).json()).toMatchObject({ rule: 'co_deliverer_experienced_peer_worker' });

    // Verified prior peer work makes the same record an experienced co-deliverer; the session names it.
    await t.expect(200, 'PUT', `/api/v1/peer-workers/${applicant.id}/checks`, {
      token,
      body: { experiencedPeerVerifiedOn: '2025-11-01' },
    });
    const held = await session([
      { role: 'experienced_peer_worker', peerWorkerId: applicant.id },
      COORDINATOR_FACILITATOR,
    ]);
    expect(held.statusCode).toBe(201);
    expect(held.json().facilitators[0]).toEqual({
      name: 'New Starter',
      role: 'experienced_peer_worker',
      peerWorkerId: applicant.id,
    });
  });

  it('makes the code of ethics the peer worker’s own act, of the current version', async () => {
    const token = coordinator.token;
    const sam = await peerWorkerAccount(t, { siteId, coordinator }, { acknowledged: false });
    const url = `/api/v1/peer-workers/${sam.peerWorkerId}/code-of-ethics-acknowledgement`;
    const current = await t.expect(200, 'GET', '/api/v1/code-of-ethics', { token: sam.user.token });
    expect(current.version).toBeGreaterThanOrEqual(1);
    expect(current.text).toContain('Code of Ethics');

    // The old failure: the coordinator acknowledged it on the peer worker's behalf.
    const onTheirBehalf = await t.call('POST', url, { token, body: { version: current.version } });
    expect(onTheirBehalf.statusCode).toBe(403);
    expect(onTheirBehalf.headers['content-type']).toContain('application/problem+json');
    await t.expect(403, 'POST', url, { token: t.adminToken, body: { version: current.version } });
    // Another peer worker cannot do it either: to them the record does not exist.
    const other = await peerWorkerAccount(t, { siteId, coordinator }, { acknowledged: false });
    await t.expect(404, 'POST', url, { token: other.user.token, body: { version: current.version } });

    const stale = await t.call('POST', url, { token: sam.user.token, body: { version: current.version + 1 } });
    expect(stale.statusCode).toBe(422);
    expect(stale.json()).toMatchObject({ rule: 'code_of_ethics_current_version', errors: [{ field: 'version' }] });

    const acknowledged = await t.expect(200, 'POST', url, {
      token: sam.user.token,
      body: { version: current.version },
    });
    expect(acknowledged).toMatchObject({
      peerWorkerId: sam.peerWorkerId,
      version: current.version,
      acknowledgedByUserId: sam.user.id,
      source: 'peer_worker',
    });
    const unmet = async () =>
      (await t.expect(200, 'GET', `/api/v1/peer-workers/${sam.peerWorkerId}/readiness`, { token })).unmet.map(
        (u: { condition: string }) => u.condition,
      );
    expect(await unmet()).not.toContain('code_of_ethics_acknowledged');

    // A new version is acknowledged anew, by each peer worker themself.
    const next = await t.expect(201, 'POST', '/api/v1/code-of-ethics/versions', {
      token: t.adminToken,
      body: { text: 'ENRICH Peer Worker Code of Ethics, revised by the Trust: ' + 'x'.repeat(40) },
    });
    expect(next.version).toBe(current.version + 1);
    expect(await unmet()).toContain('code_of_ethics_acknowledged');
    await t.expect(200, 'POST', url, { token: sam.user.token, body: { version: next.version } });
    expect(await unmet()).not.toContain('code_of_ethics_acknowledged');
  });

  it('requires the digital competencies the site names, covered by a training session the peer worker attended', async () => {
    const digitalSite = await t.createSite('Digital Trust');
    const lead = await t.createUser([Role.Coordinator], [digitalSite]);
    const team = await Workforce.of(t, lead.token, digitalSite);
    const peer = await team.ready({ displayName: 'Ade Cole' });
    const readiness = () => t.expect(200, 'GET', `/api/v1/peer-workers/${peer.id}/readiness`, { token: lead.token });
    expect(await readiness()).toMatchObject({ ready: true });

    // The old failure: a site could not require them; readiness ignored the digital modules.
    await t.expect(200, 'PATCH', `/api/v1/sites/${digitalSite}`, {
      token: t.adminToken,
      body: {
        settings: { requiredDigitalCompetencies: ['digital_communication_skills', 'digital_monitoring_and_crisis'] },
      },
    });
    const before = await readiness();
    expect(before.ready).toBe(false);
    expect(before.unmet.map((u: { condition: string }) => u.condition)).toEqual(['digital_competencies_covered']);

    // One session of the digital module covers its own competency; a core session can cover another.
    const modules = await t.expect(200, 'GET', '/api/v1/training/modules', { token: lead.token });
    const digital = modules.find((m: { code: string }) => m.code === 'digital_communication_skills');
    const [core] = await coreModules(t, lead.token);
    const first = await t.expect(201, 'POST', '/api/v1/training/sessions', {
      token: lead.token,
      body: {
        siteId: digitalSite,
        moduleId: digital.id,
        heldOn: '2026-02-12',
        facilitators: [COORDINATOR_FACILITATOR],
      },
    });
    expect(first.competencies).toEqual(['digital_communication_skills']);
    const second = await t.expect(201, 'POST', '/api/v1/training/sessions', {
      token: lead.token,
      body: {
        siteId: digitalSite,
        moduleId: core.id,
        heldOn: '2026-02-13',
        facilitators: [await experiencedPeer(t, lead.token, digitalSite)],
        competencies: ['digital_monitoring_and_crisis'],
      },
    });
    const badCompetency = await t.call('POST', '/api/v1/training/sessions', {
      token: lead.token,
      body: {
        siteId: digitalSite,
        moduleId: digital.id,
        heldOn: '2026-02-13',
        facilitators: [COORDINATOR_FACILITATOR],
        competencies: ['telepathy'],
      },
    });
    expect(badCompetency.statusCode).toBe(400);
    expect(badCompetency.json().errors.map((e: { field: string }) => e.field)).toContain('competencies');

    for (const session of [first, second])
      await t.expect(200, 'PUT', `/api/v1/training/sessions/${session.id}/attendance`, {
        token: lead.token,
        body: { peerWorkerId: peer.id, attended: true },
      });
    expect(await readiness()).toMatchObject({ ready: true, unmet: [] });
    const record = await t.expect(200, 'GET', `/api/v1/peer-workers/${peer.id}/training-record`, { token: lead.token });
    expect(record.digitalCompetencies.filter((c: { required: boolean }) => c.required)).toEqual([
      { competency: 'digital_communication_skills', required: true, covered: true },
      { competency: 'digital_monitoring_and_crisis', required: true, covered: true },
    ]);
  });
});
