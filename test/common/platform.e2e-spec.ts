import { Role } from '../../src/common/auth/role';
import { TestApp } from '../support/test-app';

describe('Platform conventions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports ready when PostgreSQL and Redis answer, without a token', async () => {
    const ready = await t.expect(200, 'GET', '/health/ready');
    expect(ready.info).toMatchObject({ postgresql: { status: 'up' }, redis: { status: 'up' } });
    await t.expect(200, 'GET', '/health/live');
  });

  it('serves Swagger UI at /docs and the OpenAPI document at /docs-json with bearer auth', async () => {
    const ui = await t.call('GET', '/docs');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    const doc = await t.expect(200, 'GET', '/docs-json');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.paths)).toContain('/api/v1/users');
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await t.call('GET', '/api/v1/no-such-thing');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      type: '/problems/not-found',
      title: 'Not Found',
      status: 404,
      instance: '/api/v1/no-such-thing',
    });
  });

  it('answers a bad body with 400 problem+json naming each offending field, and writes nothing', async () => {
    const siteId = await t.createSite();
    const response = await t.call('POST', '/api/v1/users', {
      token: t.adminToken,
      body: {
        email: 'not-an-email',
        displayName: 'X',
        password: 'short',
        roles: ['wizard'],
        siteIds: [siteId],
        extra: 1,
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ type: '/problems/validation-error', status: 400 });
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'email',
      'extra',
      'password',
      'roles',
    ]);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM users WHERE email = 'not-an-email'`,
    );
    expect(count).toBe(0);
  });

  it('answers malformed JSON with 400 problem+json, not a 500', async () => {
    const response = await t.call('POST', '/api/v1/sites', {
      token: t.adminToken,
      body: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('answers a body over the size limit with 413 problem+json', async () => {
    const response = await t.call('POST', '/api/v1/sites', {
      token: t.adminToken,
      body: { name: 'x'.repeat(2 * 1024 * 1024), odsCode: 'RXX' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('answers a malformed id with 400 naming the problem', async () => {
    const response = await t.call('GET', '/api/v1/users/not-a-uuid', { token: t.adminToken });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('echoes a given X-Request-Id and makes one when none is given', async () => {
    const given = await t.call('GET', '/health/live', { headers: { 'x-request-id': 'ward-7-abc123' } });
    expect(given.headers['x-request-id']).toBe('ward-7-abc123');
    const made = await t.call('GET', '/api/v1/nope');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.json().requestId).toBe(made.headers['x-request-id']);
  });

  it('sets security headers and leaves CORS off by default', async () => {
    const response = await t.call('GET', '/health/live', { headers: { origin: 'https://elsewhere.example' } });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gives 401 problem+json with a WWW-Authenticate challenge for a missing or forged token', async () => {
    const missing = await t.call('GET', '/api/v1/users');
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer realm="enrich"/); // RFC 6750 §3
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const forged = await t.call('GET', '/api/v1/users', { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' });
    expect(forged.statusCode).toBe(401);
  });

  it('gives 403 problem+json to a role the route does not allow, and audits the refusal', async () => {
    const siteId = await t.createSite();
    const ward = await t.createUser([Role.WardStaff], [siteId]);
    const response = await t.call('GET', '/api/v1/audit-events', { token: ward.token });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ type: '/problems/forbidden', status: 403 });
    const rows = await t.dataSource.query(
      `SELECT outcome FROM audit_events WHERE actor_id = $1 AND action = 'access.denied'`,
      [ward.id],
    );
    expect(rows).toEqual([{ outcome: 'denied' }]);
  });
});

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives every operation a summary, a success response and problem+json errors (OperationOutcome on /fhir)', () => {
    const operations = Object.entries(t.openApi.paths).flatMap(([path, item]) =>
      Object.entries(
        item as Record<string, { summary?: string; responses: Record<string, { content?: Record<string, unknown> }> }>,
      ).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(15);
    for (const { id, op } of operations) {
      expect({ id, summary: !!op.summary }).toEqual({ id, summary: true });
      const statuses = Object.keys(op.responses);
      // FHIR interactions ENRICH does not offer (create, update, delete, unknown types) are documented routes that
      // only ever refuse, with a 405 or 404 OperationOutcome: they must document that refusal instead of a success.
      if (id.includes(' /fhir/') && /not supported/i.test(op.summary ?? '')) {
        const refusal = op.responses['405'] ?? op.responses['404'];
        expect({ id, refusal: refusal?.content?.['application/fhir+json'] !== undefined }).toEqual({
          id,
          refusal: true,
        });
        continue;
      }
      expect({ id, success: statuses.some((s) => s.startsWith('2')) }).toEqual({ id, success: true });
      // The FHIR interface answers errors as OperationOutcome (application/fhir+json); its public metadata takes no input.
      // The OAuth token endpoint answers errors in RFC 6749 §5.2's own JSON shape.
      const errorType = id.includes(' /fhir/')
        ? 'application/fhir+json'
        : id === 'POST /api/v1/auth/token'
          ? 'application/json'
          : 'application/problem+json';
      const takesNoInput =
        id.startsWith('GET /health') ||
        id === 'GET /fhir/r4/metadata' ||
        (id.startsWith('GET ') && id.includes('/.well-known/'));
      expect({ id, has400: op.responses['400']?.content?.[errorType] !== undefined }).toEqual({
        id,
        has400: takesNoInput ? expect.any(Boolean) : true,
      });
    }
  });
});
