import { randomUUID } from 'node:crypto';
import { Role } from '../../src/common/auth/role';
import { requestFingerprint } from '../../src/idempotency/request-fingerprint';
import { HousekeepingProcessor, PURGE_EXPIRED_IDEMPOTENCY_KEYS } from '../../src/scheduling/housekeeping.processor';
import { TestApp } from '../support/test-app';

const siteBody = (name: string, odsCode: string) => ({ name, odsCode, settings: {} });

describe('Idempotent writes: a POST retried with the same Idempotency-Key writes once', () => {
  let t: TestApp;
  const countSites = async (odsCode: string) =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM sites WHERE ods_code = $1`, [odsCode]))[0].n);

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a retry with the first response (status and body) and creates one record', async () => {
    const key = randomUUID();
    const first = await t.call('POST', '/api/v1/sites', {
      token: t.adminToken,
      body: siteBody('Idem Trust', 'RIDM1'),
      headers: { 'idempotency-key': key },
    });
    // Same body, keys in another order: still the same request.
    const retry = await t.call('POST', '/api/v1/sites', {
      token: t.adminToken,
      body: { settings: {}, odsCode: 'RIDM1', name: 'Idem Trust' },
      headers: { 'idempotency-key': key },
    });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(first.headers['idempotent-replayed']).toBe('false');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(await countSites('RIDM1')).toBe(1);
  });

  it('refuses the same key with a different body (422 problem+json naming Idempotency-Key) and writes nothing', async () => {
    const key = randomUUID();
    await t.expect(201, 'POST', '/api/v1/sites', {
      token: t.adminToken,
      body: siteBody('Key Trust', 'RIDM2'),
      headers: { 'idempotency-key': key },
    });
    const reused = await t.call('POST', '/api/v1/sites', {
      token: t.adminToken,
      body: siteBody('Another Trust', 'RIDM3'),
      headers: { 'idempotency-key': key },
    });
    expect(reused.statusCode).toBe(422);
    expect(reused.headers['content-type']).toContain('application/problem+json');
    expect(reused.json().errors[0].field).toBe('Idempotency-Key');
    expect(await countSites('RIDM3')).toBe(0);
  });

  it('keeps keys per caller: another user with the same key makes their own record', async () => {
    const otherAdmin = await t.createUser([Role.Admin], []);
    const key = randomUUID();
    await t.expect(201, 'POST', '/api/v1/sites', {
      token: t.adminToken,
      body: siteBody('First Trust', 'RIDM4'),
      headers: { 'idempotency-key': key },
    });
    const theirs = await t.call('POST', '/api/v1/sites', {
      token: otherAdmin.token,
      body: siteBody('Second Trust', 'RIDM5'),
      headers: { 'idempotency-key': key },
    });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBe('false');
    expect(await countSites('RIDM4')).toBe(1);
    expect(await countSites('RIDM5')).toBe(1);
  });

  it('ignores the header on methods other than POST', async () => {
    const site = await t.expect(201, 'POST', '/api/v1/sites', {
      token: t.adminToken,
      body: siteBody('Patch Trust', 'RIDM6'),
    });
    const key = randomUUID();
    const first = await t.expect(200, 'PATCH', `/api/v1/sites/${site.id}`, {
      token: t.adminToken,
      body: { name: 'Patched once' },
      headers: { 'idempotency-key': key },
    });
    const second = await t.expect(200, 'PATCH', `/api/v1/sites/${site.id}`, {
      token: t.adminToken,
      body: { name: 'Patched twice' },
      headers: { 'idempotency-key': key },
    });
    expect(second.name).toBe('Patched twice');
    expect(second.version).toBe(first.version + 1);
    expect(await t.dataSource.query(`SELECT 1 FROM idempotency_keys WHERE key = $1`, [key])).toHaveLength(0);
  });

  it('frees the key when the request fails, so a corrected retry can use it', async () => {
    const key = randomUUID();
    await t.expect(400, 'POST', '/api/v1/sites', {
      token: t.adminToken,
      body: { name: 'No ODS code' },
      headers: { 'idempotency-key': key },
    });
    await t.expect(201, 'POST', '/api/v1/sites', {
      token: t.adminToken,
      body: siteBody('Fixed Trust', 'RIDM7'),
      headers: { 'idempotency-key': key },
    });
    expect(await countSites('RIDM7')).toBe(1);
  });

  it('answers 409 to a duplicate while the first request with the key is still in flight', async () => {
    const key = randomUUID();
    // The state a concurrent first request leaves while its write is running.
    const owner = `user:${(await t.expect(200, 'GET', '/api/v1/auth/me', { token: t.adminToken })).id}`;
    const body = siteBody('Racing Trust', 'RIDM8');
    await t.dataSource.query(
      `INSERT INTO idempotency_keys (owner, key, method, path, request_hash, state, expires_at) VALUES ($1, $2, 'POST', '/api/v1/sites', $3, 'in_flight', now() + interval '1 hour')`,
      [owner, key, requestFingerprint('POST', '/api/v1/sites', body)],
    );
    const duplicate = await t.call('POST', '/api/v1/sites', {
      token: t.adminToken,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().rule).toBe('idempotency_key_in_flight');
    expect(await countSites('RIDM8')).toBe(0);
  });

  it('lets two truly concurrent identical requests write once', async () => {
    const key = randomUUID();
    const send = () =>
      t.call('POST', '/api/v1/sites', {
        token: t.adminToken,
        body: siteBody('Concurrent Trust', 'RIDM9'),
        headers: { 'idempotency-key': key },
      });
    const answers = await Promise.all([send(), send(), send()]);
    expect(answers.filter((a) => a.statusCode === 201).length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.statusCode === 201 || a.statusCode === 409)).toBe(true);
    expect(await countSites('RIDM9')).toBe(1);
  });

  it('refuses a malformed key with 400', async () => {
    const response = await t.call('POST', '/api/v1/sites', {
      token: t.adminToken,
      body: siteBody('Bad Key Trust', 'RIDMA'),
      headers: { 'idempotency-key': 'has spaces in it' },
    });
    expect(response.statusCode).toBe(400);
    expect(await countSites('RIDMA')).toBe(0);
  });

  it('makes an expired key reusable, and housekeeping purges expired keys', async () => {
    const key = randomUUID();
    await t.expect(201, 'POST', '/api/v1/sites', {
      token: t.adminToken,
      body: siteBody('Old Trust', 'RIDMB'),
      headers: { 'idempotency-key': key },
    });
    await t.dataSource.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 minute' WHERE key = $1`, [
      key,
    ]);
    const reused = await t.call('POST', '/api/v1/sites', {
      token: t.adminToken,
      body: siteBody('New Trust', 'RIDMC'),
      headers: { 'idempotency-key': key },
    });
    expect(reused.statusCode).toBe(201);
    expect(reused.headers['idempotent-replayed']).toBe('false');
    expect(await countSites('RIDMC')).toBe(1);

    await t.dataSource.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 minute' WHERE key = $1`, [
      key,
    ]);
    const { purged } = await t.app.get(HousekeepingProcessor).process({ name: PURGE_EXPIRED_IDEMPOTENCY_KEYS });
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await t.dataSource.query(`SELECT 1 FROM idempotency_keys WHERE key = $1`, [key])).toHaveLength(0);
  });

  it('keeps keys for the configured retention (24 hours by default)', async () => {
    const key = randomUUID();
    await t.expect(201, 'POST', '/api/v1/sites', {
      token: t.adminToken,
      body: siteBody('Kept Trust', 'RIDMD'),
      headers: { 'idempotency-key': key },
    });
    const [row] = await t.dataSource.query(
      `SELECT extract(epoch FROM expires_at - created_at) AS seconds FROM idempotency_keys WHERE key = $1`,
      [key],
    );
    expect(Math.round(Number(row.seconds) / 3600)).toBe(24);
  });

  it('documents the Idempotency-Key header on every authenticated POST in the OpenAPI document', () => {
    const posts = Object.entries(t.openApi.paths).filter(([, item]) => item.post?.security?.length);
    expect(posts.length).toBeGreaterThan(5);
    for (const [, item] of posts)
      expect(item.post!.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    expect(t.openApi.paths['/api/v1/auth/login'].post!.parameters ?? []).not.toContainEqual({
      $ref: '#/components/parameters/IdempotencyKey',
    });
  });
});
