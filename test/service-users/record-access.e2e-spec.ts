import { Role } from '../../src/common/auth/role';
import { referralBody, registerServiceUser } from '../support/builders';
import { TestApp, TestUser } from '../support/test-app';

/** Who sees which service user: the record-level access matrix. Outside scope is always 404, never 403. */
describe('Record-level access to service users and support episodes', () => {
  let t: TestApp;
  let siteId: string;
  let otherSiteId: string;
  let coordinator: TestUser;
  let serviceUserId: string;
  let episodeId: string;

  async function integrationToken(siteIds: string[]): Promise<string> {
    const client = await t.expect(201, 'POST', '/api/v1/integration-clients', {
      token: t.adminToken,
      body: { name: `EPR ${siteIds.length}`, siteIds },
    });
    const token = await t.expect(200, 'POST', '/api/v1/auth/token', {
      body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
    });
    return token.access_token;
  }

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite('North Riverside');
    otherSiteId = await t.createSite('South Hills');
    coordinator = await t.createUser([Role.Coordinator], [siteId]);
    serviceUserId = await registerServiceUser(t, coordinator.token, siteId);
    episodeId = (
      await t.expect(201, 'POST', '/api/v1/support-episodes', {
        token: coordinator.token,
        body: referralBody(serviceUserId),
      })
    ).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const visibility = async (token: string) => [
    (await t.call('GET', `/api/v1/service-users/${serviceUserId}`, { token })).statusCode,
    (await t.call('GET', `/api/v1/service-users/${serviceUserId}/consents`, { token })).statusCode,
    (await t.call('GET', `/api/v1/support-episodes/${episodeId}`, { token })).statusCode,
  ];

  it('lets admins and the site’s coordinators see the service user and their episode', async () => {
    expect(await visibility(t.adminToken)).toEqual([200, 200, 200]);
    expect(await visibility(coordinator.token)).toEqual([200, 200, 200]);
  });

  it('gives 404 to a coordinator of another site', async () => {
    const stranger = await t.createUser([Role.Coordinator], [otherSiteId]);
    expect(await visibility(stranger.token)).toEqual([404, 404, 404]);
  });

  it('lets an integration client read and register service users of its sites only', async () => {
    const own = await integrationToken([siteId]);
    expect(await visibility(own)).toEqual([200, 200, 200]);
    const other = await integrationToken([otherSiteId]);
    expect(await visibility(other)).toEqual([404, 404, 404]);
    const listed = await t.expect(200, 'GET', '/api/v1/service-users', { token: other });
    expect(listed.items).toEqual([]);
    await registerServiceUser(t, own, siteId, { consents: [] });
    const body = {
      siteId,
      nhsNumber: '9990000913',
      givenName: 'Sam',
      familyName: 'Lee',
      dateOfBirth: '1979-09-09',
      gender: 'not_stated',
      ethnicity: 'Z',
    };
    await t.expect(404, 'POST', '/api/v1/service-users', { token: other, body });
  });

  it('gives a peer worker 404 for a service user they are not paired with, and audits the attempt as denied', async () => {
    const peer = await t.createUser([Role.PeerWorker], [siteId], coordinator.token);
    expect(await visibility(peer.token)).toEqual([404, 404, 404]);
    const rows = await t.dataSource.query(
      `SELECT action, outcome FROM audit_events WHERE actor_id = $1 AND outcome = 'denied' ORDER BY id`,
      [peer.id],
    );
    expect(rows).toEqual([
      { action: 'service_user.read', outcome: 'denied' },
      { action: 'consent.list', outcome: 'denied' },
      { action: 'support_episode.read', outcome: 'denied' },
    ]);
  });

  it('gives ward staff not assigned to the service user’s ward 404', async () => {
    const nurse = await t.createUser([Role.WardStaff], [siteId], coordinator.token);
    expect(await visibility(nurse.token)).toEqual([404, 404, 404]);
  });

  it('audits every read of a service user’s data, with ids only', async () => {
    const before = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_events WHERE service_user_id = $1 AND actor_id = $2`,
      [serviceUserId, coordinator.id],
    );
    await t.expect(200, 'GET', `/api/v1/service-users/${serviceUserId}`, { token: coordinator.token });
    await t.expect(200, 'GET', `/api/v1/service-users/${serviceUserId}/matching-preferences`, {
      token: coordinator.token,
    });
    await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/transitions`, { token: coordinator.token });
    await t.expect(200, 'GET', '/api/v1/service-users', { token: coordinator.token });
    await t.expect(200, 'GET', '/api/v1/support-episodes', { token: coordinator.token });
    const after = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_events WHERE service_user_id = $1 AND actor_id = $2`,
      [serviceUserId, coordinator.id],
    );
    expect(after[0].count - before[0].count).toBe(5);
    const details = await t.dataSource.query(`SELECT details::text AS d FROM audit_events WHERE service_user_id = $1`, [
      serviceUserId,
    ]);
    for (const { d } of details) expect(d).not.toMatch(/Bloggs|\d{10}/);
  });
});
