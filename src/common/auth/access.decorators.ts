import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblem } from '../http/api-problem-responses';
import type { Actor } from './actor';
import { Role } from './role';

export const ACCESS_ROLES = 'enrich:access-roles';
export const IS_PUBLIC = 'enrich:public';

/**
 * The one access decorator every non-public route carries: the roles allowed to call it.
 * Record-level scope (own site, own caseload) is then the service's job. AccessGuard denies
 * a route that carries neither this nor @Public().
 */
export function Access(...roles: Role[]) {
  return applyDecorators(
    SetMetadata(ACCESS_ROLES, roles),
    ApiBearerAuth(),
    ApiProblem(401, 'No valid access token'),
    ApiProblem(403, `Allowed roles: ${roles.join(', ')}`),
  );
}

export const REQUIRED_SCOPE = 'enrich:required-scope';

/**
 * The OAuth scope a machine client's token must carry for this route (RFC 6750 §3.1 insufficient_scope
 * otherwise). People are governed by their roles alone.
 */
export const RequireScope = (scope: string) => SetMetadata(REQUIRED_SCOPE, scope);

export const BROWSER_SESSION = 'enrich:browser-session';

/**
 * A server-rendered page a person opens in a browser: on a GET, the access token may come from the
 * HttpOnly session cookie the sign-in form set (see browser-session.ts) instead of the Authorization header.
 * Roles and record-level scope are checked exactly as for a bearer token.
 */
export const BrowserSession = () => SetMetadata(BROWSER_SESSION, true);

/** Open without a token: health, docs, login. Say why at the call site. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export interface RequestWithActor extends FastifyRequest {
  actor?: Actor;
}

/** The authenticated caller, set by AccessGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<RequestWithActor>();
  if (!request.actor) throw new Error('CurrentActor used on a route without @Access');
  return request.actor;
});
