import { Role } from '../../src/common/auth/role';
import { TestApp, TestUser } from '../support/test-app';
import { RecruitedPeerWorker, recruitPeerWorker, SiteTeam, siteWithCoordinatorAndDeputy } from '../support/builders';

describe('Wellbeing plans: versioned, and seen only by the peer worker and their coordinator or deputy', () => {
  let t: TestApp;
  let team: SiteTeam;
  let sam: RecruitedPeerWorker;
  let rae: RecruitedPeerWorker;
  let otherCoordinator: TestUser;
  let secondCoordinatorOfSite: TestUser;
  let resourceId: string;

  const plan = (basedOnVersion: number | null, extra: Record<string, unknown> = {}) => ({
    basedOnVersion,
    whatKeepsMeWell: 'Walking the dog before work; keeping Friday afternoons for admin',
    earlySigns: 'Sleeping badly; skipping lunch; avoiding the team base',
    whatHelps: 'A quiet check-in from the coordinator; fewer home visits for a week',
    whoToContact: [
      { name: 'Priya', relationship: 'sister', phone: '07700 900123', when: 'If I have not replied for two days' },
    ],
    ...extra,
  });

  beforeAll(async () => {
    t = await TestApp.start();
    team = await siteWithCoordinatorAndDeputy(t);
    sam = await recruitPeerWorker(t, team.coordinator.token, team.siteId, 'active', 'Sam Okafor');
    rae = await recruitPeerWorker(t, team.coordinator.token, team.siteId, 'active', 'Rae Lin');
    const otherSite = await t.createSite('Southbank Partnership NHS Trust');
    otherCoordinator = await t.createUser([Role.Coordinator], [otherSite]);
    secondCoordinatorOfSite = await t.createUser([Role.Coordinator], [team.siteId]);
    resourceId = (
      await t.expect(201, 'POST', `/api/v1/sites/${team.siteId}/peer-support-resources`, {
        token: team.coordinator.token,
        body: {
          name: 'Peer workers’ reflective space',
          kind: 'reflective_practice',
          howToAccess: 'First Tuesday of the month, 2pm, team base; no referral needed',
        },
      })
    ).id;
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('keeps every version: the peer worker writes one, the coordinator adds the next in supervision', async () => {
    const first = await t.expect(201, 'POST', `/api/v1/peer-workers/${sam.id}/wellbeing-plan/versions`, {
      token: sam.user.token,
      body: plan(null, { peerSupportResourceIds: [resourceId] }),
    });
    expect(first).toMatchObject({ version: 1, writtenById: sam.user.id, peerSupportResourceIds: [resourceId] });
    const second = await t.expect(201, 'POST', `/api/v1/peer-workers/${sam.id}/wellbeing-plan/versions`, {
      token: team.coordinator.token,
      body: plan(1, { whatHelps: 'A quiet check-in; a day working from the team base' }),
    });
    expect(second).toMatchObject({ version: 2, writtenById: team.coordinator.id });
    expect(
      await t.expect(200, 'GET', `/api/v1/peer-workers/${sam.id}/wellbeing-plan`, { token: sam.user.token }),
    ).toMatchObject({ version: 2, whatHelps: 'A quiet check-in; a day working from the team base' });
    const versions = await t.expect(200, 'GET', `/api/v1/peer-workers/${sam.id}/wellbeing-plan/versions`, {
      token: sam.user.token,
    });
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[1].whatHelps).toBe('A quiet check-in from the coordinator; fewer home visits for a week');

    // Written on a stale version: refused, never a silent overwrite; the table itself refuses edits.
    const stale = await t.call('POST', `/api/v1/peer-workers/${sam.id}/wellbeing-plan/versions`, {
      token: sam.user.token,
      body: plan(1),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ rule: 'stale_plan_version' });
    await expect(
      t.dataSource.query(`UPDATE wellbeing_plan_versions SET what_helps = 'edited' WHERE peer_worker_id = $1`, [
        sam.id,
      ]),
    ).rejects.toThrow();
  });

  it.each([
    ['the peer worker themselves', 200, () => sam.user.token],
    ['their coordinator', 200, () => team.coordinator.token],
    ['the named deputy', 200, () => team.deputy.token],
    ['another peer worker of the same site', 404, () => rae.user.token],
    ['another site’s coordinator', 404, () => otherCoordinator.token],
    ['a coordinator of the site who is not the named coordinator', 404, () => secondCoordinatorOfSite.token],
    ['an admin (no reason to see a peer worker’s wellbeing plan)', 404, () => t.adminToken],
  ])('answers %s with %i when reading the plan', async (_who, status, token) => {
    for (const url of [
      `/api/v1/peer-workers/${sam.id}/wellbeing-plan`,
      `/api/v1/peer-workers/${sam.id}/wellbeing-plan/versions`,
    ]) {
      const response = await t.call('GET', url, { token: token() });
      expect(response.statusCode).toBe(status);
    }
    const write = await t.call('POST', `/api/v1/peer-workers/${sam.id}/wellbeing-plan/versions`, {
      token: token(),
      body: plan(999),
    });
    // Those who may see it reach the version check (409 on a made-up base); everyone else is told nothing (404).
    expect(write.statusCode).toBe(status === 200 ? 409 : 404);
  });

  it('audits a refused read as denied', async () => {
    await t.call('GET', `/api/v1/peer-workers/${sam.id}/wellbeing-plan`, { token: rae.user.token });
    const [row] = await t.dataSource.query(
      `SELECT outcome FROM audit_events WHERE action = 'wellbeing_plan.read' AND actor_id = $1 ORDER BY id DESC LIMIT 1`,
      [rae.user.id],
    );
    expect(row.outcome).toBe('denied');
  });

  it('lists peer support for peers as a site resource list, and refuses another site’s resource in a plan', async () => {
    const list = await t.expect(200, 'GET', `/api/v1/sites/${team.siteId}/peer-support-resources`, {
      token: rae.user.token,
    });
    expect(list).toEqual([expect.objectContaining({ id: resourceId, kind: 'reflective_practice', active: true })]);
    expect(
      (
        await t.call('POST', `/api/v1/sites/${team.siteId}/peer-support-resources`, {
          token: rae.user.token,
          body: { name: 'x', kind: 'other', howToAccess: 'y' },
        })
      ).statusCode,
    ).toBe(403);
    const otherSiteId = (await t.expect(200, 'GET', '/api/v1/sites', { token: otherCoordinator.token })).items[0].id;
    const foreign = await t.expect(201, 'POST', `/api/v1/sites/${otherSiteId}/peer-support-resources`, {
      token: otherCoordinator.token,
      body: { name: 'Buddy scheme', kind: 'peer_buddy', howToAccess: 'Ask the coordinator' },
    });
    const refused = await t.call('POST', `/api/v1/peer-workers/${rae.id}/wellbeing-plan/versions`, {
      token: rae.user.token,
      body: plan(null, { peerSupportResourceIds: [foreign.id] }),
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'peerSupportResourceIds' })]);
  });
});
