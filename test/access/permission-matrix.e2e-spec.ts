import { randomUUID } from 'node:crypto';
import { ALL_ROLES, Role } from '../../src/common/auth/role';
import { TestApp } from '../support/test-app';
import { DeclaredRoute, discoverRoutes, tokenPerRole } from './discover-routes';
import { ESCALATIONS, PERMISSION_MATRIX, PUBLIC, RECORD_SCOPE } from './permission-matrix';
import { exampleBody, fill, ScopeFixture, scopeFixture } from './scope-fixtures';

const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, randomUUID());
const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

/**
 * The policy, as data written from the product's rules (permission-matrix.ts), against the running app:
 * a route the table does not list fails, a role the table refuses must get 403, a role it allows must
 * get past the role check (whatever the record-level answer is). Record-level scope (own site, other
 * site, own caseload) and the escalations are walked in test/reliability/authority.e2e-spec.ts and each
 * area's own tests.
 */
describe('The permission matrix, walked over every registered route', () => {
  let t: TestApp;
  let routes: DeclaredRoute[];
  let tokens: Map<Role, string>;

  beforeAll(async () => {
    t = await TestApp.start();
    routes = discoverRoutes(t);
    tokens = await tokenPerRole(t, 'Matrix EPR');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has an entry for every registered route, and none for a route that no longer exists', () => {
    const registered = new Set(routes.map(keyOf));
    const missing = [...registered].filter((k) => !(k in PERMISSION_MATRIX)).sort();
    const stale = Object.keys(PERMISSION_MATRIX)
      .filter((k) => !registered.has(k))
      .sort();
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('agrees with each route’s declared access (public or the same roles)', () => {
    const disagreements = routes
      .filter((r) => keyOf(r) in PERMISSION_MATRIX)
      .map((r) => ({
        route: keyOf(r),
        policy: PERMISSION_MATRIX[keyOf(r)],
        code: r.isPublic ? PUBLIC : [...(r.declaredRoles ?? [])].sort(),
      }))
      .filter((d) => JSON.stringify(d.policy === PUBLIC ? PUBLIC : [...d.policy].sort()) !== JSON.stringify(d.code));
    expect(disagreements).toEqual([]);
  });

  it('answers every role the policy refuses with 403, and lets every role it allows past the role check', async () => {
    let cells = 0;
    const wrong: string[] = [];
    for (const route of routes) {
      const policy = PERMISSION_MATRIX[keyOf(route)];
      if (!policy || policy === PUBLIC) continue;
      for (const role of ALL_ROLES) {
        const response = await t.call(route.method, concrete(route.url), {
          token: tokens.get(role),
          body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        });
        const allowed = policy.includes(role);
        const ok = allowed
          ? response.statusCode !== 403 && response.statusCode !== 401 && response.statusCode < 500
          : response.statusCode === 403;
        if (!ok) wrong.push(`${keyOf(route)} as ${role}: ${response.statusCode}`);
        cells++;
      }
    }
    expect(wrong).toEqual([]);
    expect(cells).toBeGreaterThan(300);
  });
});

/**
 * The record-level dimension (RECORD_SCOPE): every route with a path parameter, filled with the own site's real
 * records, called as the own coordinator and peer worker, another site's coordinator and another peer worker of
 * the same site (scope-fixtures.ts). Another site's record must be answered as a missing one; a refused write
 * must change nothing.
 */
describe('The permission matrix by record: own, other site, other caseload', () => {
  let t: TestApp;
  let routes: DeclaredRoute[];
  let f: ScopeFixture;

  // The fixture builds a whole site's records through the API (a trained peer worker among them): on a loaded
  // two-core machine that takes longer than the default hook timeout.
  beforeAll(async () => {
    t = await TestApp.start();
    routes = discoverRoutes(t);
    f = await scopeFixture(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const withParams = () => routes.filter((r) => r.url.includes('/:'));

  it('states the record scope of every route with a path parameter, and of no route that no longer exists', () => {
    const registered = new Set(withParams().map(keyOf));
    const missing = [...registered].filter((k) => !(k in RECORD_SCOPE)).sort();
    const stale = Object.keys(RECORD_SCOPE)
      .filter((k) => !registered.has(k))
      .sort();
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('answers another site’s coordinator and another caseload’s peer worker as if the record did not exist', async () => {
    const counts = () => rowCounts(t);
    const wrong: string[] = [];
    const cells = { own: 0, otherSite: 0, otherCaseload: 0 };
    // Reads first, then writes (as callers who must be refused), so no write can change what a read finds.
    const ordered = withParams().sort((a, b) => Number(a.method !== 'GET') - Number(b.method !== 'GET'));
    const before = await counts();
    for (const route of ordered) {
      const scope = RECORD_SCOPE[keyOf(route)];
      const policy = PERMISSION_MATRIX[keyOf(route)];
      if (!scope || !policy || policy === PUBLIC || scope.kind === 'unscoped') continue;
      const url = fill(route.url, f);
      if (!url) {
        wrong.push(`${keyOf(route)}: the fixture has no record for it (build one in scope-fixtures.ts)`);
        continue;
      }
      const missingUrl = fill(route.url, f, true)!;
      const read = route.method === 'GET';
      const body = read || route.method === 'DELETE' ? undefined : exampleBody(t, route.method, route.url);
      const call = (token: string, to: string) => t.call(route.method, to, { token, body });
      const peersAllowed = policy.includes(Role.PeerWorker);
      const peerSeesOwn = scope.kind === 'SITE' || scope.kind === 'CASELOAD' || scope.kind === 'PERSONAL';
      const peerSeesOther = scope.kind === 'SITE';

      // The own case: a read answers 2xx to the own coordinator, and to the own peer worker where they see it.
      if (read && scope.kind !== 'RECIPIENT') {
        const own = await call(f.north.coordinator.token, url);
        if (own.statusCode !== 200) wrong.push(`${keyOf(route)} own coordinator: ${own.statusCode}`);
        cells.own++;
      }
      if (read && peersAllowed) {
        const own = await call(f.ownPeer.user.token, url);
        const ok = peerSeesOwn ? own.statusCode === 200 : own.statusCode === 404;
        if (!ok) wrong.push(`${keyOf(route)} own peer worker: ${own.statusCode} (${scope.kind})`);
        cells.own++;
      }

      // Another site's coordinator: exactly what an id that does not exist gets, never a 2xx.
      const hidden = async (token: string, who: string) => {
        const other = await call(token, url);
        const unknown = await call(token, missingUrl);
        const sameAnswer = other.statusCode === unknown.statusCode && (!read || other.statusCode === 404);
        if (!sameAnswer || other.statusCode < 300)
          wrong.push(`${keyOf(route)} ${who}: ${other.statusCode}, an unknown id ${unknown.statusCode}`);
      };
      if (policy.includes(Role.Coordinator)) {
        await hidden(f.south.coordinator.token, 'other-site coordinator');
        cells.otherSite++;
      }
      if (peersAllowed) {
        if (peerSeesOther) {
          if (read) {
            const other = await call(f.otherPeer.user.token, url);
            if (other.statusCode !== 200) wrong.push(`${keyOf(route)} same-site peer worker: ${other.statusCode}`);
          }
        } else await hidden(f.otherPeer.user.token, 'other-caseload peer worker');
        cells.otherCaseload++;
      }
    }
    expect(wrong).toEqual([]);
    // Every refused write left every table as it was (refusals are audited; the audit trail is not counted).
    expect(await counts()).toEqual(before);
    process.stdout.write(
      `record scope: ${cells.own} own, ${cells.otherSite} other-site, ${cells.otherCaseload} other-caseload cells\n`,
    );
    expect(cells.otherSite).toBeGreaterThan(80);
  });
});

describe('The permission matrix: escalations', () => {
  let t: TestApp;
  let f: ScopeFixture;
  beforeAll(async () => {
    t = await TestApp.start();
    f = await scopeFixture(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('refuses every escalation in ESCALATIONS and changes nothing', async () => {
    const site = f.north.siteId;
    const peerId = f.ownPeer.user.id;
    const serviceUserId = f.ids.serviceUser!;
    const both = await t.createUser([Role.Coordinator], [site, f.south.siteId]);
    await t.expect(200, 'GET', `/api/v1/service-users/${serviceUserId}`, { token: both.token });
    const demoted = await t.createUser([Role.Coordinator], [site]);
    const attempts: Record<(typeof ESCALATIONS)[number]['attempt'], () => Promise<number>> = {
      'a coordinator names themself the site’s named coordinator': async () =>
        (
          await t.call('PUT', `/api/v1/sites/${site}/coordinator`, {
            token: f.north.deputy.token,
            body: { coordinatorUserId: f.north.deputy.id },
          })
        ).statusCode,
      'a coordinator sets a peer worker’s password': async () =>
        (
          await t.call('PATCH', `/api/v1/users/${peerId}`, {
            token: f.north.coordinator.token,
            body: { password: 'taken-over-by-coordinator' },
          })
        ).statusCode,
      'a coordinator issues a password reset for a peer worker': async () =>
        (await t.call('POST', `/api/v1/users/${peerId}/password-reset`, { token: f.north.coordinator.token }))
          .statusCode,
      'an admin sets a peer worker’s password directly': async () =>
        (
          await t.call('PATCH', `/api/v1/users/${peerId}`, {
            token: t.adminToken,
            body: { password: 'typed-in-by-the-admin' },
          })
        ).statusCode,
      'an old token reads a service user of a site its holder was removed from': async () => {
        await t.expect(200, 'PATCH', `/api/v1/users/${both.id}`, {
          token: t.adminToken,
          body: { siteIds: [f.south.siteId] },
        });
        return (await t.call('GET', `/api/v1/service-users/${serviceUserId}`, { token: both.token })).statusCode;
      },
      'an old token creates a user after its holder was demoted to ward staff': async () => {
        await t.expect(200, 'PATCH', `/api/v1/users/${demoted.id}`, {
          token: t.adminToken,
          body: { roles: [Role.WardStaff] },
        });
        return (
          await t.call('POST', '/api/v1/users', {
            token: demoted.token,
            body: {
              email: `made.after.demotion.${demoted.id}@nhs.test`,
              displayName: 'Made After Demotion',
              password: 'a-long-test-password',
              roles: [Role.PeerWorker],
              siteIds: [site],
            },
          })
        ).statusCode;
      },
    };
    const before = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM password_reset_tokens) AS resets,
              (SELECT json_agg(s ORDER BY s.site_id) FROM site_coordinators s) AS named`,
    );
    const got = [];
    for (const { attempt } of ESCALATIONS) got.push({ attempt, expect: await attempts[attempt]() });
    expect(got).toEqual(ESCALATIONS.map((e) => ({ ...e })));
    // Nothing changed: no user made, no reset issued, the named coordinators as they were, the old password works.
    const after = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM password_reset_tokens) AS resets,
              (SELECT json_agg(s ORDER BY s.site_id) FROM site_coordinators s) AS named`,
    );
    expect(after).toEqual(before);
    await t.signIn(f.ownPeer.user.email);
  });
});

async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const tables: { table_name: string }[] = await t.dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
     AND table_name NOT IN ('audit_events', 'typeorm_migrations', 'notifications', 'outbox_events', 'idempotency_keys')`,
  );
  const rows: { t: string; n: number }[] = await t.dataSource.query(
    tables.map((r) => `SELECT '${r.table_name}' AS t, count(*)::int AS n FROM "${r.table_name}"`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
