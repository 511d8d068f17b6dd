import { TestApp } from '../support/test-app';

const TOKEN = '/api/v1/auth/token';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('OAuth 2.0 client credentials (RFC 6749 §4.4) for integration clients', () => {
  let t: TestApp;
  let siteId: string;
  let client: { id: string; clientId: string; clientSecret: string };
  let fhirOnly: { id: string; clientId: string; clientSecret: string };

  const post = (payload: string, headers: Record<string, string> = FORM) =>
    t.app.inject({ method: 'POST', url: TOKEN, headers, payload });

  beforeAll(async () => {
    t = await TestApp.start({ PUBLIC_BASE_URL: 'https://enrich.north-riverside.example' });
    siteId = await t.createSite('North Riverside');
    client = await t.expect(201, 'POST', '/api/v1/integration-clients', {
      token: t.adminToken,
      body: { name: 'North Riverside RiO', siteIds: [siteId] },
    });
    fhirOnly = await t.expect(201, 'POST', '/api/v1/integration-clients', {
      token: t.adminToken,
      body: { name: 'Read-only EPR', siteIds: [siteId], scopes: ['system/*.read'] },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives a client authenticating with HTTP Basic and a form body an RFC 6749 token response', async () => {
    const response = await post('grant_type=client_credentials', {
      ...FORM,
      authorization: basic(client.clientId, client.clientSecret),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'system/*.read ward-events.write events.subscribe',
    });
    const me = await t.expect(200, 'GET', '/api/v1/auth/me', { token: body.access_token });
    expect(me).toEqual({ id: client.id, kind: 'client', roles: ['integration'], siteIds: [siteId] });
  });

  it('accepts client_secret_post in a form body and in a JSON body', async () => {
    const form = await post(
      `grant_type=client_credentials&client_id=${encodeURIComponent(client.clientId)}&client_secret=${encodeURIComponent(client.clientSecret)}`,
    );
    expect(form.statusCode).toBe(200);
    const json = await t.expect(200, 'POST', TOKEN, {
      body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
    });
    expect(json.token_type).toBe('Bearer');
  });

  it('answers a wrong secret over Basic with 401 invalid_client and a Basic challenge, and audits it', async () => {
    const response = await post('grant_type=client_credentials', {
      ...FORM,
      authorization: basic(client.clientId, 'wrong-secret'),
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Basic realm="enrich"/);
    expect(response.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    const [{ denied }] = await t.dataSource.query(
      `SELECT count(*)::int AS denied FROM audit_events WHERE action = 'auth.client_credentials' AND resource_id = $1 AND outcome = 'denied'`,
      [client.id],
    );
    expect(denied).toBe(1);
  });

  it('answers the RFC 6749 error codes for a malformed request', async () => {
    const auth = { ...FORM, authorization: basic(client.clientId, client.clientSecret) };
    const cases: [string, Record<string, string>, number, string][] = [
      ['grant_type=password&username=a&password=b', auth, 400, 'unsupported_grant_type'],
      ['scope=system/*.read', auth, 400, 'invalid_request'],
      ['grant_type=client_credentials&grant_type=client_credentials', auth, 400, 'invalid_request'],
      ['grant_type=client_credentials&scope=system/*.write', auth, 400, 'invalid_scope'],
      ['grant_type=client_credentials', FORM, 401, 'invalid_client'],
      [
        `grant_type=client_credentials&client_secret=${encodeURIComponent(client.clientSecret)}`,
        auth,
        400,
        'invalid_request',
      ],
    ];
    for (const [payload, headers, status, error] of cases) {
      const response = await post(payload, headers);
      expect({ payload, status: response.statusCode, error: response.json().error }).toEqual({
        payload,
        status,
        error,
      });
    }
  });

  it('grants only the scopes a client was registered with, and narrows to those it asks for', async () => {
    const refused = await post('grant_type=client_credentials&scope=events.subscribe', {
      ...FORM,
      authorization: basic(fhirOnly.clientId, fhirOnly.clientSecret),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toBe('invalid_scope');
    const narrowed = await post('grant_type=client_credentials&scope=system/*.read', {
      ...FORM,
      authorization: basic(client.clientId, client.clientSecret),
    });
    expect(narrowed.json().scope).toBe('system/*.read');
    // A token without events.subscribe cannot manage webhooks: 403 insufficient_scope (RFC 6750 §3.1).
    const forbidden = await t.call('GET', '/api/v1/webhook-subscriptions', { token: narrowed.json().access_token });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['www-authenticate']).toContain('error="insufficient_scope"');
    await t.expect(200, 'GET', `/fhir/r4/Patient`, { token: narrowed.json().access_token });
  });

  it('answers a missing bearer token with a Bearer challenge (RFC 6750 §3)', async () => {
    const response = await t.call('GET', '/api/v1/webhook-subscriptions');
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="enrich"');
  });

  it('refuses a form-encoded body on any other route with 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: FORM,
      payload: 'email=a%40b.test&password=x',
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('publishes RFC 8414 metadata built from PUBLIC_BASE_URL, not the Host header', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/.well-known/oauth-authorization-server',
      headers: { host: 'attacker.example', 'x-forwarded-host': 'attacker.example' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      issuer: 'https://enrich.north-riverside.example',
      token_endpoint: 'https://enrich.north-riverside.example/api/v1/auth/token',
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      grant_types_supported: ['client_credentials'],
      scopes_supported: ['system/*.read', 'ward-events.write', 'events.subscribe'],
    });
    expect(response.body).not.toContain('attacker');
  });

  it('refuses to register a client with an unknown scope, naming the field', async () => {
    const response = await t.call('POST', '/api/v1/integration-clients', {
      token: t.adminToken,
      body: { name: 'X', siteIds: [siteId], scopes: ['everything'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('scopes');
  });
});
