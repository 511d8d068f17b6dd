import { Role } from '../../src/common/auth/role';
import { registerServiceUser } from '../support/builders';
import { DEFAULT_PASSWORD, TestApp } from '../support/test-app';

/** Authority follows the account as it is now, not as it was when the token was issued. */
describe('Authority from the database', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a coordinator’s old token for a site an admin has just removed them from', async () => {
    const north = await t.createSite('North Riverside');
    const south = await t.createSite('South Riverside');
    const coordinator = await t.createUser([Role.Coordinator], [north, south]);
    const serviceUserId = await registerServiceUser(t, coordinator.token, north);
    await t.expect(200, 'GET', `/api/v1/service-users/${serviceUserId}`, { token: coordinator.token });

    await t.expect(200, 'PATCH', `/api/v1/users/${coordinator.id}`, {
      token: t.adminToken,
      body: { siteIds: [south] },
    });
    const refused = await t.call('GET', `/api/v1/service-users/${serviceUserId}`, { token: coordinator.token });
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain('nhsNumber');
  });

  it('refuses a coordinator’s old token to create users once an admin has changed their role', async () => {
    const siteId = await t.createSite();
    const coordinator = await t.createUser([Role.Coordinator], [siteId]);
    await t.expect(200, 'PATCH', `/api/v1/users/${coordinator.id}`, {
      token: t.adminToken,
      body: { roles: [Role.WardStaff] },
    });
    const email = `after-demotion.${Date.now()}@nhs.test`;
    const refused = await t.call('POST', '/api/v1/users', {
      token: coordinator.token,
      body: {
        email,
        displayName: 'Made After Demotion',
        password: DEFAULT_PASSWORD,
        roles: [Role.PeerWorker],
        siteIds: [siteId],
      },
    });
    expect(refused.statusCode).toBe(403);
    const [{ made }] = await t.dataSource.query(`SELECT count(*)::int AS made FROM users WHERE email = $1`, [email]);
    expect(made).toBe(0);
  });

  it('refuses a coordinator naming themself the site’s named coordinator: that is an admin act', async () => {
    const siteId = await t.createSite();
    const coordinator = await t.createUser([Role.Coordinator], [siteId]);
    const refused = await t.call('PUT', `/api/v1/sites/${siteId}/coordinator`, {
      token: coordinator.token,
      body: { coordinatorUserId: coordinator.id },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(await t.dataSource.query(`SELECT * FROM site_coordinators WHERE site_id = $1`, [siteId])).toEqual([]);
    await t.expect(200, 'PUT', `/api/v1/sites/${siteId}/coordinator`, {
      token: t.adminToken,
      body: { coordinatorUserId: coordinator.id },
    });
  });

  it('refuses a coordinator setting a peer worker’s password, and leaves the password as it was', async () => {
    const siteId = await t.createSite();
    const coordinator = await t.createUser([Role.Coordinator], [siteId]);
    const peer = await t.createUser([Role.PeerWorker], [siteId], coordinator.token);
    const refused = await t.call('PATCH', `/api/v1/users/${peer.id}`, {
      token: coordinator.token,
      body: { password: 'taken-over-by-coordinator' },
    });
    expect(refused.statusCode).toBe(403);
    expect(
      (
        await t.call('POST', '/api/v1/auth/login', {
          body: { email: peer.email, password: 'taken-over-by-coordinator' },
        })
      ).statusCode,
    ).toBe(401);
    await t.signIn(peer.email);
    // The coordinator still manages the rest of the account.
    await t.expect(200, 'PATCH', `/api/v1/users/${peer.id}`, {
      token: coordinator.token,
      body: { displayName: 'Sam Okafor' },
    });
  });
  // An admin no longer sets anyone's password either: see password-reset.e2e-spec.ts (issue, redeem, sessions end).
});
