import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AuditService } from '../../audit/audit.service';
import { AccountAuthorityRepository } from './account-authority.repository';
import type { Actor } from './actor';
import type { FastifyReply } from 'fastify';
import { ACCESS_ROLES, BROWSER_SESSION, IS_PUBLIC, REQUIRED_SCOPE, RequestWithActor } from './access.decorators';
import { cookiesOf, SESSION_COOKIE } from './browser-session';
import { Role } from './role';

export interface AccessTokenClaims {
  sub: string;
  kind: 'user' | 'client';
  roles: Role[];
  sites: string[];
  /** Granted OAuth scopes, space-separated (machine clients only). */
  scope?: string;
  /** The account's credentials version when the token was issued; a password change raises it and so revokes the token. */
  cv?: number;
}

/**
 * Deny by default: a route is open only if marked @Public(); otherwise it needs a valid bearer
 * token and one of the roles named by @Access(). A route with neither is refused (and the
 * route-walking test fails), so nothing is left open by accident.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly authority: AccountAuthorityRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    let actor: Actor;
    try {
      const browser =
        (request.method === 'GET' || request.method === 'HEAD') &&
        this.reflector.getAllAndOverride<boolean>(BROWSER_SESSION, targets) === true;
      actor = await this.authenticate(request, browser);
    } catch (error) {
      // RFC 6750 §3: a 401 on a protected resource names the scheme it wants.
      void reply.header(
        'www-authenticate',
        `Bearer realm="enrich"${request.headers.authorization ? ', error="invalid_token"' : ''}`,
      );
      throw error;
    }
    request.actor = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ACCESS_ROLES, targets);
    if (!roles) {
      this.logger.warn(`Route without @Access or @Public refused: ${request.method} ${request.routeOptions?.url}`);
      throw new ForbiddenException('This route is not open to any role');
    }
    if (!actor.roles.some((role) => roles.includes(role))) {
      await this.audit.record({
        actor,
        action: 'access.denied',
        resourceType: 'route',
        resourceId: null,
        outcome: 'denied',
        details: { method: request.method, route: request.routeOptions?.url ?? null },
      });
      throw new ForbiddenException(`This action needs one of the roles: ${roles.join(', ')}`);
    }
    const scope = this.reflector.getAllAndOverride<string | undefined>(REQUIRED_SCOPE, targets);
    if (scope && actor.kind === 'client' && !(actor.scopes ?? []).includes(scope)) {
      void reply.header('www-authenticate', `Bearer realm="enrich", error="insufficient_scope", scope="${scope}"`);
      await this.audit.record({
        actor,
        action: 'access.denied',
        resourceType: 'route',
        resourceId: null,
        outcome: 'denied',
        details: { method: request.method, route: request.routeOptions?.url ?? null, missingScope: scope },
      });
      throw new ForbiddenException(`This client's token lacks the scope ${scope}`);
    }
    return true;
  }

  private async authenticate(request: RequestWithActor, browser: boolean): Promise<Actor> {
    const header = request.headers.authorization;
    let [scheme, token] = header?.split(' ') ?? [];
    // A page opened in a browser carries the token in the session cookie (only on @BrowserSession GETs).
    const session = browser && !header ? cookiesOf(request).get(SESSION_COOKIE) : undefined;
    if (session) [scheme, token] = ['bearer', session];
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new UnauthorizedException('A bearer access token is required');
    }
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims & object>(token);
    } catch {
      throw new UnauthorizedException('The access token is invalid or has expired');
    }
    // Authority follows the account now, not the token: roles, sites and active are read on every request
    // (one primary-key read), so a removed site, a changed role or a deactivation applies at once. The
    // token only says who is calling; a password change (credentials_version) revokes it.
    if (claims.kind === 'client') {
      const client = await this.authority.ofClient(claims.sub);
      if (!client?.active) throw new UnauthorizedException('The account is not active');
      // Scopes are per token (a client may ask for fewer than it was granted).
      const scopes = (claims.scope ?? '').split(' ').filter(Boolean);
      return {
        kind: 'client',
        id: claims.sub,
        roles: [Role.Integration],
        siteIds: client.siteIds,
        scopes,
        requestId: String(request.id),
      };
    }
    const user = await this.authority.ofUser(claims.sub);
    if (!user?.active) throw new UnauthorizedException('The account is not active');
    if ((claims.cv ?? 1) !== user.credentialsVersion)
      throw new UnauthorizedException('The access token was revoked when the password changed; sign in again');
    return { kind: 'user', id: claims.sub, roles: user.roles, siteIds: user.siteIds, requestId: String(request.id) };
  }
}
