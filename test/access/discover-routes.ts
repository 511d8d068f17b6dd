import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_ROLES, IS_PUBLIC } from '../../src/common/auth/access.decorators';
import { Role } from '../../src/common/auth/role';
import type { TestApp } from '../support/test-app';

export interface DeclaredRoute {
  method: string;
  url: string;
  isPublic: boolean;
  /** The roles its @Access decorator names: what the code says, to be compared with what the policy says. */
  declaredRoles: Role[] | undefined;
}

/** Every controller route in the app, as `METHOD /url/:param`, with the access its decorators declare. */
export function discoverRoutes(t: TestApp): DeclaredRoute[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const reflector = t.app.get(Reflector);
  const routes: DeclaredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
    if (!controller || !wrapper.instance) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(wrapper.instance))) {
      const handler = (wrapper.instance as Record<string, unknown>)[name] as object;
      const path = Reflect.getMetadata(PATH_METADATA, handler);
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      // Health probes, the FHIR interface, OAuth discovery and the dashboard's HTML pages live outside the /api/v1 prefix.
      const prefix =
        base.startsWith('health') ||
        base.startsWith('fhir') ||
        base.startsWith('dashboard') ||
        String(path).startsWith('.well-known')
          ? ''
          : '/api/v1';
      const url = `${prefix}/${[base, String(path)].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
      routes.push({
        method,
        url,
        isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler as never, controller]) ?? false,
        declaredRoles: reflector.getAllAndOverride<Role[]>(ACCESS_ROLES, [handler as never, controller]),
      });
    }
  }
  return routes;
}

/** One signed-in token per role on a fresh site: an admin, a coordinator, a peer worker, ward staff and an EPR client. */
export async function tokenPerRole(t: TestApp, clientName: string): Promise<Map<Role, string>> {
  const tokens = new Map<Role, string>();
  const siteId = await t.createSite();
  tokens.set(Role.Admin, t.adminToken);
  for (const role of [Role.Coordinator, Role.PeerWorker, Role.WardStaff])
    tokens.set(role, (await t.createUser([role], [siteId])).token);
  const client = await t.expect(201, 'POST', '/api/v1/integration-clients', {
    token: t.adminToken,
    body: { name: clientName, siteIds: [siteId] },
  });
  const token = await t.expect(200, 'POST', '/api/v1/auth/token', {
    body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
  });
  tokens.set(Role.Integration, token.access_token);
  return tokens;
}
