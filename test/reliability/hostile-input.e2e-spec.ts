import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Role } from '../../src/common/auth/role';
import { nhsNumber } from '../support/builders';
import { TestApp } from '../support/test-app';

/** What a fuzzer or an attacker sends: every one is a 4xx problem+json naming the field, and nothing is written. */
describe('Hostile input is closed at the edge', () => {
  let t: TestApp;
  let siteId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite();
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const serviceUser = (extra: Record<string, unknown> = {}) => ({
    siteId,
    nhsNumber: nhsNumber(),
    givenName: 'Jo',
    familyName: 'Bloggs',
    dateOfBirth: '1985-02-11',
    gender: 'male',
    ethnicity: 'C',
    ...extra,
  });

  async function refused(
    status: number,
    method: 'POST' | 'PATCH' | 'GET' | 'PUT',
    url: string,
    body: unknown,
    field: string | null,
    table: string,
    headers: Record<string, string> = {},
  ) {
    const before = await count(table);
    const response = await t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${t.adminToken}`, ...headers },
      ...(typeof body === 'string' ? { payload: body } : body === undefined ? {} : { payload: body as object }),
    });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    // The field is named by its path (a deep one as far as it was followed: junk[0][0]…).
    if (field)
      expect(response.json().errors.map((e: { field: string }) => e.field.replace(/\[.*$/, ''))).toContain(field);
    expect(await count(table)).toBe(before);
    return response;
  }

  it.each([
    ['givenName', { givenName: 'Jo\u0000' }],
    ['familyName', { familyName: 'Blo\u0000ggs' }],
    ['nhsNumber', { nhsNumber: '943\u00004765919' }],
  ])('refuses a NUL character in %s with 400 naming the field', async (field, extra) => {
    await refused(400, 'POST', '/api/v1/service-users', serviceUser(extra), field, 'service_users');
  });

  it('refuses a NUL character in a query parameter, and in the FHIR interface as an OperationOutcome', async () => {
    const listed = await t.call('GET', '/api/v1/service-users?nhsNumber=94347%00', { token: t.adminToken });
    expect(listed.statusCode).toBeGreaterThanOrEqual(400);
    expect(listed.statusCode).toBeLessThan(500);
    const fhir = await t.call('GET', '/fhir/r4/Patient?identifier=94347%00', { token: t.adminToken });
    expect(fhir.statusCode).toBe(400);
    expect(fhir.json().resourceType).toBe('OperationOutcome');
  });

  it('refuses a lone surrogate in an email', async () => {
    await refused(
      400,
      'POST',
      '/api/v1/users',
      {
        email: 'jo\uD800@nhs.test',
        displayName: 'Jo',
        password: 'a-long-test-password',
        roles: [Role.PeerWorker],
        siteIds: [siteId],
      },
      'email',
      'users',
    );
  });

  it('refuses a small body nested 1,500 deep in an unknown field, without a 500', async () => {
    const body = `{"name":"Deep Trust","odsCode":"RDEEP","junk":${'['.repeat(1500)}${']'.repeat(1500)}}`;
    expect(body.length).toBeLessThan(4000);
    await refused(400, 'POST', '/api/v1/sites', body, 'junk', 'sites', { 'content-type': 'application/json' });
  });

  it.each([
    ['whitespace only', '   '],
    ['zero-width only', '\u200B\u200D\uFEFF'],
    ['a line break', 'North\nRiverside'],
    ['a control character', 'North\u0007Riverside'],
  ])('refuses a site name that is %s', async (_what, name) => {
    await refused(
      400,
      'POST',
      '/api/v1/sites',
      { name, odsCode: `R${randomBytes(2).toString('hex').toUpperCase()}`, settings: {} },
      'name',
      'sites',
    );
  });

  it('refuses the NHS number 0000000000, which passes Modulus 11 but is never issued', async () => {
    await refused(
      400,
      'POST',
      '/api/v1/service-users',
      serviceUser({ nhsNumber: '0000000000' }),
      'nhsNumber',
      'service_users',
    );
  });

  it('refuses a date of birth in the year 9999 or before 1900', async () => {
    await refused(
      400,
      'POST',
      '/api/v1/service-users',
      serviceUser({ dateOfBirth: '9999-01-01' }),
      'dateOfBirth',
      'service_users',
    );
    await refused(
      400,
      'POST',
      '/api/v1/service-users',
      serviceUser({ dateOfBirth: '1850-01-01' }),
      'dateOfBirth',
      'service_users',
    );
  });

  it('refuses a date-time without a time zone (it would be read as server time)', async () => {
    await refused(
      400,
      'POST',
      '/api/v1/recruitment/campaigns',
      { siteId, title: 'Spring', postsToFill: 1, reservePlaces: 0, advertisedOn: '2026-01-05T09:00:00' },
      'advertisedOn',
      'recruitment_campaigns',
    );
  });

  it('refuses a recruitment campaign with no post and no reserve place', async () => {
    await refused(
      422,
      'POST',
      '/api/v1/recruitment/campaigns',
      { siteId, title: 'Spring', postsToFill: 0, reservePlaces: 0 },
      'postsToFill',
      'recruitment_campaigns',
    );
  });

  it('answers 415 problem+json to a text/plain or form body instead of "every field missing"', async () => {
    for (const [type, payload] of [
      ['text/plain', '{"name":"Plain Trust","odsCode":"RPLN1"}'],
      ['application/x-www-form-urlencoded', 'name=Form+Trust&odsCode=RFRM1'],
    ]) {
      await refused(415, 'POST', '/api/v1/sites', payload, null, 'sites', { 'content-type': type });
    }
  });

  it('answers an over-long URL with 431 problem+json', async () => {
    const base = new URL(await t.listen());
    const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: base.hostname, port: base.port, path: `/api/v1/sites?q=${'x'.repeat(70_000)}`, method: 'GET' },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(431);
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 431 });
  });

  it('replays an idempotent write byte for byte: same status, content type, ETag and body bytes', async () => {
    const key = randomUUID();
    const body = {
      name: 'Byte Trust',
      odsCode: `R${randomBytes(2).toString('hex').toUpperCase()}`,
      settings: { caseloadCap: 6 },
    };
    const first = await t.call('POST', '/api/v1/sites', {
      token: t.adminToken,
      body,
      headers: { 'idempotency-key': key },
    });
    const retry = await t.call('POST', '/api/v1/sites', {
      token: t.adminToken,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(retry.statusCode).toBe(first.statusCode);
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });
});
