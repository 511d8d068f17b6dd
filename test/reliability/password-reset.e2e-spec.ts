import { createHash } from 'node:crypto';
import { Role } from '../../src/common/auth/role';
import { HousekeepingProcessor, PURGE_SPENT_PASSWORD_RESETS } from '../../src/scheduling/housekeeping.processor';
import { DEFAULT_PASSWORD, TestApp } from '../support/test-app';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Nobody types a password for somebody else: an admin issues a one-time, expiring reset token, shown once,
 * and the person sets their own password with it, which ends every session of the account.
 */
describe('Password reset: admin-issued, one-time, revoking every session', () => {
  let t: TestApp;
  let siteId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite();
  });
  afterAll(async () => {
    await t?.close();
  });

  const issue = (userId: string, token = t.adminToken, headers: Record<string, string> = {}) =>
    t.call('POST', `/api/v1/users/${userId}/password-reset`, { token, headers });
  const redeem = (token: string, newPassword: string) =>
    t.call('POST', '/api/v1/auth/password-reset', { body: { token, newPassword } });
  const signInStatus = async (email: string, password: string) =>
    (await t.call('POST', '/api/v1/auth/login', { body: { email, password } })).statusCode;

  it('refuses an admin (or anyone) setting another person’s password directly, and keeps self-service change', async () => {
    const peer = await t.createUser([Role.PeerWorker], [siteId]);
    const refused = await t.call('PATCH', `/api/v1/users/${peer.id}`, {
      token: t.adminToken,
      body: { password: 'typed-in-by-the-admin' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(await signInStatus(peer.email, 'typed-in-by-the-admin')).toBe(401);
    expect(await signInStatus(peer.email, DEFAULT_PASSWORD)).toBe(200);

    // Self-service: a peer worker changes their own password, proving the current one; their sessions end.
    const wrong = await t.call('POST', '/api/v1/auth/password', {
      token: peer.token,
      body: { currentPassword: 'not-my-password', newPassword: 'my-own-new-password' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(JSON.stringify(wrong.json().errors)).toContain('currentPassword');
    await t.expect(204, 'POST', '/api/v1/auth/password', {
      token: peer.token,
      body: { currentPassword: DEFAULT_PASSWORD, newPassword: 'my-own-new-password' },
    });
    expect((await t.call('GET', '/api/v1/auth/me', { token: peer.token })).statusCode).toBe(401);
    expect(await signInStatus(peer.email, 'my-own-new-password')).toBe(200);
    // An admin changing their own password through PATCH /users/{own id} still works.
    const admin = await t.createUser([Role.Admin], []);
    await t.expect(200, 'PATCH', `/api/v1/users/${admin.id}`, {
      token: admin.token,
      body: { password: 'the-admins-own-new-password' },
    });
    expect(await signInStatus(admin.email, 'the-admins-own-new-password')).toBe(200);
  });

  it('lets only an admin issue a reset: a coordinator or peer worker gets 403 and no token is made', async () => {
    const coordinator = await t.createUser([Role.Coordinator], [siteId]);
    const peer = await t.createUser([Role.PeerWorker], [siteId], coordinator.token);
    for (const token of [coordinator.token, peer.token]) {
      const refused = await issue(peer.id, token);
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    expect(await t.dataSource.query(`SELECT * FROM password_reset_tokens WHERE user_id = $1`, [peer.id])).toEqual([]);
  });

  it('shows the token once, stores only its hash (not even for an idempotent replay), and audits the issue', async () => {
    const peer = await t.createUser([Role.PeerWorker], [siteId]);
    const issued = await issue(peer.id, t.adminToken, { 'idempotency-key': `reset-${peer.id}` });
    expect(issued.statusCode).toBe(201);
    const { resetToken, expiresAt, userId } = issued.json();
    expect(userId).toBe(peer.id);
    expect(resetToken.length).toBeGreaterThanOrEqual(40);
    const hoursLeft = (new Date(expiresAt).getTime() - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(23);
    expect(hoursLeft).toBeLessThanOrEqual(24);
    const rows = await t.dataSource.query(`SELECT token_hash FROM password_reset_tokens WHERE user_id = $1`, [peer.id]);
    expect(rows).toEqual([{ token_hash: sha256(resetToken) }]);
    const [{ kept }] = await t.dataSource.query(
      `SELECT count(*)::int AS kept FROM idempotency_keys WHERE response_text LIKE $1 OR response_body::text LIKE $1`,
      [`%${resetToken}%`],
    );
    expect(kept).toBe(0);
    const audit = await t.dataSource.query(
      `SELECT actor_id, details FROM audit_events WHERE action = 'user.password_reset_issued' AND resource_id = $1`,
      [peer.id],
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(resetToken);
  });

  it('sets the password on redemption and ends every earlier session (access and refresh tokens)', async () => {
    const peer = await t.createUser([Role.PeerWorker], [siteId]);
    const session = await t.expect(200, 'POST', '/api/v1/auth/login', {
      body: { email: peer.email, password: DEFAULT_PASSWORD },
    });
    const { resetToken } = (await issue(peer.id)).json();
    // Issuing alone changes nothing: the person is not locked out before they redeem it.
    await t.expect(200, 'GET', '/api/v1/auth/me', { token: session.accessToken });

    const redeemed = await redeem(resetToken, 'chosen-by-the-peer-worker');
    expect(redeemed.statusCode).toBe(204);
    for (const token of [session.accessToken, peer.token]) {
      const stopped = await t.call('GET', '/api/v1/auth/me', { token });
      expect(stopped.statusCode).toBe(401);
      expect(stopped.headers['content-type']).toContain('application/problem+json');
    }
    expect(
      (await t.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } })).statusCode,
    ).toBe(401);
    expect(await signInStatus(peer.email, DEFAULT_PASSWORD)).toBe(401);
    const fresh = await t.signIn(peer.email, 'chosen-by-the-peer-worker');
    await t.expect(200, 'GET', '/api/v1/auth/me', { token: fresh });
    const audit = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.password_reset_redeemed' AND resource_id = $1`,
      [peer.id],
    );
    expect(audit).toEqual([{ n: 1 }]);
  });

  it('refuses a used, expired, replaced or unknown token with a problem naming the token, changing nothing', async () => {
    const peer = await t.createUser([Role.PeerWorker], [siteId]);
    const used = (await issue(peer.id)).json().resetToken;
    expect((await redeem(used, 'first-chosen-password')).statusCode).toBe(204);

    const replaced = (await issue(peer.id)).json().resetToken;
    const expired = (await issue(peer.id)).json().resetToken; // spends `replaced`
    await t.dataSource.query(
      `UPDATE password_reset_tokens SET expires_at = now() - interval '1 minute' WHERE token_hash = $1`,
      [sha256(expired)],
    );
    const cases: [string, string, RegExp][] = [
      ['used', used, /already used/],
      ['replaced', replaced, /newer reset/],
      ['expired', expired, /expired/],
      ['unknown', 'x'.repeat(43), /not valid/],
    ];
    for (const [name, token, detail] of cases) {
      const refused = await redeem(token, `taken-over-with-${name}`);
      expect({ name, status: refused.statusCode }).toEqual({ name, status: 400 });
      expect(refused.headers['content-type']).toContain('application/problem+json');
      const problem = refused.json();
      expect(problem.detail).toMatch(detail);
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'token' })]);
      expect(await signInStatus(peer.email, `taken-over-with-${name}`)).toBe(401);
    }
    expect(await signInStatus(peer.email, 'first-chosen-password')).toBe(200);
  });

  it('applies the password policy, and a refused password leaves the token unspent', async () => {
    const peer = await t.createUser([Role.PeerWorker], [siteId]);
    const { resetToken } = (await issue(peer.id)).json();
    const short = await redeem(resetToken, 'short');
    expect(short.statusCode).toBe(400);
    expect(short.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(short.json().errors)).toContain('newPassword');
    expect(await signInStatus(peer.email, DEFAULT_PASSWORD)).toBe(200);
    expect((await redeem(resetToken, 'long-enough-after-all')).statusCode).toBe(204);
  });

  it('refuses a reset for an unknown user (404) or an inactive account (422)', async () => {
    expect((await issue('00000000-0000-4000-8000-00000000abcd')).statusCode).toBe(404);
    const peer = await t.createUser([Role.PeerWorker], [siteId]);
    await t.expect(200, 'PATCH', `/api/v1/users/${peer.id}`, { token: t.adminToken, body: { active: false } });
    const refused = await issue(peer.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
  });

  it('purges resets spent or expired more than a day ago (housekeeping), keeping live ones and those just spent', async () => {
    const peer = await t.createUser([Role.PeerWorker], [siteId]);
    const redeemed = (await issue(peer.id)).json().resetToken;
    expect((await redeem(redeemed, 'chosen-by-the-peer-worker')).statusCode).toBe(204);
    const superseded = (await issue(peer.id)).json().resetToken;
    const live = (await issue(peer.id)).json().resetToken; // spends `superseded`, just now
    const other = await t.createUser([Role.PeerWorker], [siteId]);
    const expired = (await issue(other.id)).json().resetToken;
    await t.dataSource.query(
      `UPDATE password_reset_tokens SET spent_at = now() - interval '2 days' WHERE token_hash = $1`,
      [sha256(redeemed)],
    );
    await t.dataSource.query(
      `UPDATE password_reset_tokens SET expires_at = now() - interval '2 days' WHERE token_hash = $1`,
      [sha256(expired)],
    );
    const { purged } = await t.app.get(HousekeepingProcessor).process({ name: PURGE_SPENT_PASSWORD_RESETS });
    expect(purged).toBeGreaterThanOrEqual(2);
    const left = await t.dataSource.query<{ token_hash: string }[]>(
      `SELECT token_hash FROM password_reset_tokens WHERE user_id = ANY($1::uuid[])`,
      [[peer.id, other.id]],
    );
    expect(left.map((r) => r.token_hash).sort()).toEqual([sha256(superseded), sha256(live)].sort());
    // Just spent still says why it is refused.
    expect((await redeem(superseded, 'another-long-password')).json().detail).toMatch(/newer reset/);
  });
});
