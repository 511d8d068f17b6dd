import { randomUUID } from 'node:crypto';
import { ALL_ROLES, Role } from '../../src/common/auth/role';
import { TestApp } from '../support/test-app';
import { DeclaredRoute, discoverRoutes, tokenPerRole } from './discover-routes';
import { PERMISSION_MATRIX, PUBLIC } from './permission-matrix';

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
