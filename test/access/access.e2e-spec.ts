import { randomUUID } from 'node:crypto';
import { ALL_ROLES, Role } from '../../src/common/auth/role';
import { type DeclaredRoute, discoverRoutes, tokenPerRole } from './discover-routes';
import { TestApp } from '../support/test-app';

/** The routes open without a token, each on purpose. Adding one here is a security decision. */
const EXPECTED_PUBLIC_ROUTES = [
  'GET /health/live',
  'GET /health/ready',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/token',
  'POST /api/v1/auth/password-reset', // the one-time reset token an admin issued is the credential
  'GET /fhir/r4/metadata', // FHIR clients discover the server's capabilities before they authenticate
  'GET /.well-known/oauth-authorization-server', // OAuth discovery (RFC 8414) comes before authentication
  'GET /fhir/r4/.well-known/smart-configuration', // SMART discovery, likewise
  // The dashboard's sign-in form, and signing in and out with it (each POST checks its CSRF token).
  'GET /dashboard/sign-in',
  'POST /dashboard/sign-in',
  'POST /dashboard/sign-out',
];

const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, randomUUID());

describe('Access control: deny by default, walked over every route', () => {
  let t: TestApp;
  let routes: DeclaredRoute[];
  let tokens: Map<Role, string>;

  beforeAll(async () => {
    t = await TestApp.start();
    routes = discoverRoutes(t);
    tokens = await tokenPerRole(t, 'Test EPR');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds the routes of every area', () => {
    expect(routes.length).toBeGreaterThan(15);
    // Everything Fastify serves under /api/v1 is a discovered controller route (nothing registered behind Nest's back).
    const discovered = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const served = t.routes.filter((r) => r.url.startsWith('/api/v1') && r.method !== 'HEAD' && r.method !== 'OPTIONS');
    for (const route of served) expect(discovered).toContain(`${route.method} ${route.url}`);
  });

  it('opens only the intended routes without a token', () => {
    const open = routes
      .filter((r) => r.isPublic)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(open).toEqual([...EXPECTED_PUBLIC_ROUTES].sort());
  });

  it('gives every other route an explicit list of roles', () => {
    const undeclared = routes
      .filter((r) => !r.isPublic && (!r.declaredRoles || r.declaredRoles.length === 0))
      .map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('answers 401 problem+json on every non-public route when no token is sent', async () => {
    for (const route of routes.filter((r) => !r.isPublic)) {
      const response = await t.call(route.method, concrete(route.url), {
        body: route.method === 'GET' ? undefined : {},
      });
      if (route.url.startsWith('/dashboard')) {
        // A page for a person: a browser without a session is sent to the sign-in form, never shown the page.
        expect({ route: `${route.method} ${route.url}`, status: response.statusCode }).toEqual({
          route: `${route.method} ${route.url}`,
          status: 303,
        });
        expect(response.headers.location).toMatch(/^\/dashboard\/sign-in\?next=/);
        continue;
      }
      expect({ route: `${route.method} ${route.url}`, status: response.statusCode }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      });
      // FHIR routes answer errors as OperationOutcome; everything else as problem+json.
      expect(response.headers['content-type']).toContain(
        route.url.startsWith('/fhir/') ? 'application/fhir+json' : 'application/problem+json',
      );
    }
  });

  it('answers 403 on every non-public route to each role it does not allow', async () => {
    let checked = 0;
    for (const route of routes.filter((r) => !r.isPublic)) {
      for (const role of ALL_ROLES.filter((r) => !route.declaredRoles!.includes(r))) {
        const response = await t.call(route.method, concrete(route.url), {
          token: tokens.get(role),
          body: route.method === 'GET' ? undefined : {},
        });
        expect({ route: `${route.method} ${route.url}`, role, status: response.statusCode }).toEqual({
          route: `${route.method} ${route.url}`,
          role,
          status: 403,
        });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
