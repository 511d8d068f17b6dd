import { Queue, QueueEvents } from 'bullmq';
import { Role } from '../../src/common/auth/role';
import { UsersService } from '../../src/users/users.service';
import { PURGE_EXPIRED_REFRESH_TOKENS } from '../../src/scheduling/housekeeping.processor';
import { QUEUES } from '../../src/scheduling/queues';
import { TEST_REDIS_URL } from '../support/services';
import { ADMIN_EMAIL, ADMIN_PASSWORD, DEFAULT_PASSWORD, TestApp } from '../support/test-app';

describe('Authentication and users', () => {
  let t: TestApp;
  let siteId: string;
  let otherSiteId: string;
  let coordinator: { id: string; email: string; token: string };

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite('North Riverside');
    otherSiteId = await t.createSite('South Fields');
    coordinator = await t.createUser([Role.Coordinator], [siteId]);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('signing in', () => {
    it('refuses a wrong password with 401 and audits the refusal', async () => {
      const response = await t.call('POST', '/api/v1/auth/login', {
        body: { email: coordinator.email, password: 'wrong-password-123' },
      });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const rows = await t.dataSource.query(
        `SELECT outcome FROM audit_events WHERE action = 'auth.sign_in' AND resource_id = $1 AND outcome = 'denied'`,
        [coordinator.id],
      );
      expect(rows.length).toBe(1);
    });

    it('signs in whatever the case of the email', async () => {
      const response = await t.expect(200, 'POST', '/api/v1/auth/login', {
        body: { email: coordinator.email.toUpperCase(), password: DEFAULT_PASSWORD },
      });
      expect(response).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      const me = await t.expect(200, 'GET', '/api/v1/auth/me', { token: response.accessToken });
      expect(me).toEqual({ id: coordinator.id, kind: 'user', roles: [Role.Coordinator], siteIds: [siteId] });
    });

    it('rotates the refresh token, and a reused one revokes the whole sign-in', async () => {
      const signIn = await t.expect(200, 'POST', '/api/v1/auth/login', {
        body: { email: coordinator.email, password: DEFAULT_PASSWORD },
      });
      const refreshed = await t.expect(200, 'POST', '/api/v1/auth/refresh', {
        body: { refreshToken: signIn.refreshToken },
      });
      expect(refreshed.refreshToken).not.toBe(signIn.refreshToken);
      await t.expect(200, 'GET', '/api/v1/auth/me', { token: refreshed.accessToken });
      // The first token was spent: using it again looks like theft, so its family is revoked.
      await t.expect(401, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: signIn.refreshToken } });
      await t.expect(401, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: refreshed.refreshToken } });
    });

    it('signs out by revoking the refresh token', async () => {
      const signIn = await t.expect(200, 'POST', '/api/v1/auth/login', {
        body: { email: coordinator.email, password: DEFAULT_PASSWORD },
      });
      await t.expect(204, 'POST', '/api/v1/auth/logout', { body: { refreshToken: signIn.refreshToken } });
      await t.expect(401, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: signIn.refreshToken } });
    });

    it('gives an integration client a token with the integration role, scoped to its sites', async () => {
      const client = await t.expect(201, 'POST', '/api/v1/integration-clients', {
        token: t.adminToken,
        body: { name: 'North Riverside RiO', siteIds: [siteId] },
      });
      expect(client.clientSecret).toEqual(expect.any(String));
      const listed = await t.expect(200, 'GET', '/api/v1/integration-clients', { token: t.adminToken });
      expect(JSON.stringify(listed)).not.toContain(client.clientSecret);
      await t.expect(401, 'POST', '/api/v1/auth/token', {
        body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'wrong' },
      });
      const token = await t.expect(200, 'POST', '/api/v1/auth/token', {
        body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
      });
      expect(token.refresh_token).toBeUndefined();
      const me = await t.expect(200, 'GET', '/api/v1/auth/me', { token: token.access_token });
      expect(me).toEqual({ id: client.id, kind: 'client', roles: [Role.Integration], siteIds: [siteId] });
      // A client switched off (no endpoint yet: an admin does it in the database) is refused at once.
      await t.dataSource.query(`UPDATE integration_clients SET active = false WHERE id = $1`, [client.id]);
      await t.expect(401, 'GET', '/api/v1/auth/me', { token: token.access_token });
    });

    it('creates the first admin from BOOTSTRAP_ADMIN_EMAIL only while there is no admin', async () => {
      const [{ admins }] = await t.dataSource.query(
        `SELECT count(*)::int AS admins FROM users WHERE 'admin' = ANY(roles)`,
      );
      expect(admins).toBe(1);
      expect(await t.app.get(UsersService).ensureBootstrapAdmin('second@enrich.test', ADMIN_PASSWORD)).toBe(false);
      await t.expect(200, 'POST', '/api/v1/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    });
  });

  describe('managing users', () => {
    it('lets a coordinator create a peer worker on their own site, stores only a hash, and audits it', async () => {
      const peer = await t.createUser([Role.PeerWorker], [siteId], coordinator.token);
      const [row] = await t.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [peer.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      const audit = await t.dataSource.query(
        `SELECT actor_id FROM audit_events WHERE action = 'user.create' AND resource_id = $1`,
        [peer.id],
      );
      expect(audit).toEqual([{ actor_id: coordinator.id }]);
    });

    it('refuses a coordinator creating an admin, or a user on another site', async () => {
      const base = { displayName: 'X', password: DEFAULT_PASSWORD };
      await t.expect(403, 'POST', '/api/v1/users', {
        token: coordinator.token,
        body: { ...base, email: 'a1@nhs.test', roles: [Role.Admin], siteIds: [siteId] },
      });
      await t.expect(403, 'POST', '/api/v1/users', {
        token: coordinator.token,
        body: { ...base, email: 'a2@nhs.test', roles: [Role.PeerWorker], siteIds: [otherSiteId] },
      });
    });

    it('answers 409 for an email already taken in another case', async () => {
      const problem = await t.expect(409, 'POST', '/api/v1/users', {
        token: t.adminToken,
        body: {
          email: coordinator.email.toUpperCase(),
          displayName: 'Dup',
          password: DEFAULT_PASSWORD,
          roles: [Role.WardStaff],
          siteIds: [siteId],
        },
      });
      expect(problem.rule).toBe('email_unique');
    });

    it('answers 422 naming siteIds when a site does not exist', async () => {
      const problem = await t.expect(422, 'POST', '/api/v1/users', {
        token: t.adminToken,
        body: {
          email: 'nosite@nhs.test',
          displayName: 'X',
          password: DEFAULT_PASSWORD,
          roles: [Role.WardStaff],
          siteIds: ['7d5c2a4e-0c0b-4d8e-9a57-1f2e3d4c5b6a'],
        },
      });
      expect(problem.errors[0].field).toBe('siteIds');
    });

    it('hides users on other sites from a coordinator (404, not 403)', async () => {
      const elsewhere = await t.createUser([Role.PeerWorker], [otherSiteId]);
      await t.expect(404, 'GET', `/api/v1/users/${elsewhere.id}`, { token: coordinator.token });
      const page = await t.expect(200, 'GET', '/api/v1/users?limit=200', { token: coordinator.token });
      expect(page.items.map((u: { id: string }) => u.id)).not.toContain(elsewhere.id);
    });

    it('pages through users in a stable order', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await t.expect(
          200,
          'GET',
          `/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { token: t.adminToken },
        );
        seen.push(...page.items.map((u) => u.id));
        cursor = page.nextCursor;
      } while (cursor);
      const all = await t.dataSource.query(`SELECT id FROM users ORDER BY created_at, id`);
      expect(seen).toEqual(all.map((u: { id: string }) => u.id));
      await t.expect(400, 'GET', '/api/v1/users?cursor=garbage', { token: t.adminToken });
    });

    it('updates with If-Match: the current ETag succeeds, a stale one gets 412', async () => {
      const peer = await t.createUser([Role.PeerWorker], [siteId]);
      const read = await t.call('GET', `/api/v1/users/${peer.id}`, { token: t.adminToken });
      expect(read.headers.etag).toBe('W/"1"');
      const updated = await t.call('PATCH', `/api/v1/users/${peer.id}`, {
        token: t.adminToken,
        body: { displayName: 'Renamed' },
        headers: { 'if-match': 'W/"1"' },
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.headers.etag).toBe('W/"2"');
      const stale = await t.call('PATCH', `/api/v1/users/${peer.id}`, {
        token: t.adminToken,
        body: { displayName: 'Again' },
        headers: { 'if-match': 'W/"1"' },
      });
      expect(stale.statusCode).toBe(412);
      expect(stale.json().currentVersion).toBe(2);
    });

    it('stops a deactivated user refreshing their session', async () => {
      const peer = await t.createUser([Role.PeerWorker], [siteId]);
      const signIn = await t.expect(200, 'POST', '/api/v1/auth/login', {
        body: { email: peer.email, password: DEFAULT_PASSWORD },
      });
      await t.expect(200, 'PATCH', `/api/v1/users/${peer.id}`, { token: t.adminToken, body: { active: false } });
      await t.expect(401, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: signIn.refreshToken } });
      await t.expect(401, 'POST', '/api/v1/auth/login', { body: { email: peer.email, password: DEFAULT_PASSWORD } });
    });

    it('stops a deactivated user’s access token at once, not when it expires', async () => {
      const peer = await t.createUser([Role.PeerWorker], [siteId]);
      await t.expect(200, 'GET', '/api/v1/notifications', { token: peer.token });
      await t.expect(200, 'PATCH', `/api/v1/users/${peer.id}`, { token: t.adminToken, body: { active: false } });
      const refused = await t.call('GET', '/api/v1/notifications', { token: peer.token });
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('the worker', () => {
    it('purges refresh tokens long expired, through a real BullMQ job', async () => {
      await t.dataSource.query(`UPDATE refresh_tokens SET expires_at = now() - interval '3 days' WHERE user_id = $1`, [
        coordinator.id,
      ]);
      const connection = { url: TEST_REDIS_URL, maxRetriesPerRequest: null };
      const queue = new Queue(QUEUES.housekeeping, { connection, prefix: t.redisPrefix });
      const events = new QueueEvents(QUEUES.housekeeping, { connection, prefix: t.redisPrefix });
      try {
        await events.waitUntilReady();
        const job = await queue.add(PURGE_EXPIRED_REFRESH_TOKENS, {});
        const result = await job.waitUntilFinished(events, 15000);
        expect(result.purged).toBeGreaterThan(0);
        const left = await t.dataSource.query(`SELECT id FROM refresh_tokens WHERE user_id = $1`, [coordinator.id]);
        expect(left).toEqual([]);
      } finally {
        await events.close();
        await queue.close();
      }
    });
  });
});

describe('Sign-in rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 problem+json after too many attempts for one account', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push(
        (
          await t.call('POST', '/api/v1/auth/login', {
            body: { email: 'someone@nhs.test', password: 'guess-number-' + i },
          })
        ).statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await t.call('POST', '/api/v1/auth/login', { body: { email: 'someone@nhs.test', password: 'x' } });
    expect(limited.headers['content-type']).toContain('application/problem+json');
  });
});
