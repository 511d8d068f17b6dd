import { Role } from '../../src/common/auth/role';
import { TestApp, TestUser } from '../support/test-app';

export const serviceUserBody = (siteId: string, nhsNumber: string, extra: Record<string, unknown> = {}) => ({
  siteId,
  nhsNumber,
  givenName: 'Alex',
  familyName: 'Morgan',
  dateOfBirth: '1988-04-17',
  gender: 'female',
  ethnicity: 'A',
  preferredLanguage: 'English',
  contact: { phone: '07700 900123', postcode: 'RV1 2AB' },
  ...extra,
});

describe('Service users', () => {
  let t: TestApp;
  let siteId: string;
  let otherSiteId: string;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite('North Riverside');
    otherSiteId = await t.createSite('South Hills');
    coordinator = await t.createUser([Role.Coordinator], [siteId]);
    otherCoordinator = await t.createUser([Role.Coordinator], [otherSiteId]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('registers a service user with a valid NHS number, stored without spaces, and audits it without the number', async () => {
    const created = await t.expect(201, 'POST', '/api/v1/service-users', {
      token: coordinator.token,
      body: serviceUserBody(siteId, '943 476 5919'),
    });
    expect(created).toMatchObject({
      nhsNumber: '9434765919',
      siteId,
      dateOfBirth: '1988-04-17',
      wardId: null,
      version: 1,
    });
    const [audit] = await t.dataSource.query(`SELECT action, details FROM audit_events WHERE service_user_id = $1`, [
      created.id,
    ]);
    expect(audit.action).toBe('service_user.create');
    expect(JSON.stringify(audit.details)).not.toContain('9434765919');
  });

  it('refuses an NHS number with a wrong check digit with 400 naming nhsNumber, and writes nothing', async () => {
    const response = await t.call('POST', '/api/v1/service-users', {
      token: coordinator.token,
      body: serviceUserBody(siteId, '9434765918'),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['nhsNumber']);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM service_users WHERE nhs_number = '9434765918'`,
    );
    expect(count).toBe(0);
  });

  it('refuses a second registration of the same NHS number with 409', async () => {
    await t.expect(201, 'POST', '/api/v1/service-users', {
      token: coordinator.token,
      body: serviceUserBody(siteId, '4010232137'),
    });
    const problem = await t.expect(409, 'POST', '/api/v1/service-users', {
      token: coordinator.token,
      body: serviceUserBody(siteId, '401-023-2137'),
    });
    expect(problem.rule).toBe('nhs_number_unique');
  });

  it('records consent to peer support and separately to research, and keeps a withdrawn consent', async () => {
    const su = await t.expect(201, 'POST', '/api/v1/service-users', {
      token: coordinator.token,
      body: serviceUserBody(siteId, '9990000018'),
    });
    const peer = await t.expect(201, 'POST', `/api/v1/service-users/${su.id}/consents`, {
      token: coordinator.token,
      body: { kind: 'peer_support', givenOn: '2026-11-01', informationSheetVersion: 'PIS v2.1' },
    });
    await t.expect(201, 'POST', `/api/v1/service-users/${su.id}/consents`, {
      token: coordinator.token,
      body: { kind: 'research', givenOn: '2026-11-01', informationSheetVersion: 'Research PIS v1.3' },
    });
    expect(peer).toMatchObject({ kind: 'peer_support', recordedById: coordinator.id, active: true, withdrawnOn: null });
    const withdrawn = await t.expect(200, 'POST', `/api/v1/service-users/${su.id}/consents/${peer.id}/withdrawal`, {
      token: coordinator.token,
      body: { withdrawnOn: '2026-11-10' },
    });
    expect(withdrawn).toMatchObject({
      active: false,
      withdrawnOn: '2026-11-10',
      withdrawalRecordedById: coordinator.id,
    });
    await t.expect(409, 'POST', `/api/v1/service-users/${su.id}/consents/${peer.id}/withdrawal`, {
      token: coordinator.token,
      body: { withdrawnOn: '2026-11-11' },
    });
    const consents = await t.expect(200, 'GET', `/api/v1/service-users/${su.id}/consents`, {
      token: coordinator.token,
    });
    expect(consents.map((c: { kind: string; active: boolean }) => [c.kind, c.active])).toEqual([
      ['peer_support', false],
      ['research', true],
    ]);
  });

  it('records matching preferences, each weighted must or nice to have, replacing the previous set', async () => {
    const su = await t.expect(201, 'POST', '/api/v1/service-users', {
      token: coordinator.token,
      body: serviceUserBody(siteId, '9990000026'),
    });
    const url = `/api/v1/service-users/${su.id}/matching-preferences`;
    await t.expect(200, 'PUT', url, {
      token: coordinator.token,
      body: { preferences: [{ kind: 'language', value: 'Polish', weight: 'must' }] },
    });
    const preferences = [
      { kind: 'peer_gender', value: 'female', weight: 'must' },
      { kind: 'peer_age_range', value: '25-40', weight: 'nice_to_have' },
      { kind: 'shared_experience', value: 'parent', weight: 'nice_to_have' },
      { kind: 'does_not_want', value: 'home visits', weight: 'must' },
    ];
    await t.expect(200, 'PUT', url, { token: coordinator.token, body: { preferences } });
    expect((await t.expect(200, 'GET', url, { token: coordinator.token })).preferences).toEqual(preferences);
    const bad = await t.expect(400, 'PUT', url, {
      token: coordinator.token,
      body: { preferences: [{ kind: 'peer_age_range', value: 'young', weight: 'must' }] },
    });
    expect(bad.errors[0].field).toBe('preferences[0].value');
  });

  it('gives 404, not 403, to a coordinator of another site, and audits the refused read as denied', async () => {
    const su = await t.expect(201, 'POST', '/api/v1/service-users', {
      token: coordinator.token,
      body: serviceUserBody(siteId, '9990000034'),
    });
    const problem = await t.expect(404, 'GET', `/api/v1/service-users/${su.id}`, { token: otherCoordinator.token });
    expect(problem.type).toBe('/problems/not-found');
    const rows = await t.dataSource.query(
      `SELECT action, outcome FROM audit_events WHERE actor_id = $1 AND service_user_id = $2`,
      [otherCoordinator.id, su.id],
    );
    expect(rows).toEqual([{ action: 'service_user.read', outcome: 'denied' }]);
    const list = await t.expect(200, 'GET', '/api/v1/service-users', { token: otherCoordinator.token });
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(su.id);
  });

  it('lets ward staff see the service users on their wards only', async () => {
    const willow = await t.expect(201, 'POST', `/api/v1/sites/${siteId}/wards`, {
      token: coordinator.token,
      body: { name: 'Willow' },
    });
    const oak = await t.expect(201, 'POST', `/api/v1/sites/${siteId}/wards`, {
      token: coordinator.token,
      body: { name: 'Oak' },
    });
    const nurse = await t.createUser([Role.WardStaff], [siteId], coordinator.token);
    await t.expect(200, 'PUT', `/api/v1/users/${nurse.id}/wards/${willow.id}`, { token: coordinator.token });
    const onWillow = await t.expect(201, 'POST', '/api/v1/service-users', {
      token: coordinator.token,
      body: serviceUserBody(siteId, '9990000042', { wardId: willow.id }),
    });
    const onOak = await t.expect(201, 'POST', '/api/v1/service-users', {
      token: coordinator.token,
      body: serviceUserBody(siteId, '9990000050', { wardId: oak.id }),
    });

    await t.expect(200, 'GET', `/api/v1/service-users/${onWillow.id}`, { token: nurse.token });
    await t.expect(404, 'GET', `/api/v1/service-users/${onOak.id}`, { token: nurse.token });
    const list = await t.expect(200, 'GET', '/api/v1/service-users', { token: nurse.token });
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([onWillow.id]);
    const [read] = await t.dataSource.query(
      `SELECT outcome FROM audit_events WHERE actor_id = $1 AND action = 'service_user.read' AND service_user_id = $2`,
      [nurse.id, onWillow.id],
    );
    expect(read.outcome).toBe('success');
  });

  it('refuses a ward of another site with 422 naming wardId', async () => {
    const elsewhere = await t.expect(201, 'POST', `/api/v1/sites/${otherSiteId}/wards`, {
      token: t.adminToken,
      body: { name: 'Birch' },
    });
    const problem = await t.expect(422, 'POST', '/api/v1/service-users', {
      token: t.adminToken,
      body: serviceUserBody(siteId, '9990000069', { wardId: elsewhere.id }),
    });
    expect(problem.errors[0].field).toBe('wardId');
  });

  it('updates details with If-Match and refuses a stale version with 412', async () => {
    const su = await t.expect(201, 'POST', '/api/v1/service-users', {
      token: coordinator.token,
      body: serviceUserBody(siteId, '9990000077'),
    });
    const updated = await t.expect(200, 'PATCH', `/api/v1/service-users/${su.id}`, {
      token: coordinator.token,
      headers: { 'if-match': 'W/"1"' },
      body: { preferredLanguage: 'Welsh', accessibilityNeeds: 'Large print' },
    });
    expect(updated).toMatchObject({ preferredLanguage: 'Welsh', accessibilityNeeds: 'Large print', version: 2 });
    await t.expect(412, 'PATCH', `/api/v1/service-users/${su.id}`, {
      token: coordinator.token,
      headers: { 'if-match': 'W/"1"' },
      body: { preferredLanguage: 'Urdu' },
    });
  });
});
