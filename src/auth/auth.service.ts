import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AccessTokenClaims } from '../common/auth/access.guard';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { UnauthorizedError, UnprocessableError } from '../common/errors/domain-errors';
import type { Environment } from '../config/environment';
import { SitesService } from '../sites/sites.service';
import { UsersService } from '../users/users.service';
import { CreateIntegrationClientRequest, TokenResponse } from './dto/auth.dto';
import { AuthRepository } from './auth.repository';
import type { IntegrationClient } from './entities/integration-client.entity';
import { requestedScopes, TokenRequestFields } from './oauth/client-authentication';
import { OAuthTokenResponse } from './oauth/oauth.dto';
import { OAuthError } from './oauth/oauth-error';
import { ALL_SCOPES, Scope } from './oauth/scopes';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

// Compared against when the email is unknown, so sign-in takes as long either way (no account probing).
const DUMMY_HASH = argon2.hash('not-a-real-password-0000');

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: AuthRepository,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<Environment, true>,
    private readonly users: UsersService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
  ) {}

  async signIn(email: string, password: string, requestId: string): Promise<TokenResponse> {
    const user = await this.users.findForSignIn(email);
    const valid = await argon2.verify(user?.passwordHash ?? (await DUMMY_HASH), password);
    if (!user || !valid || !user.active) {
      await this.audit.record({
        actor: user ? { kind: 'user', id: user.id, roles: user.roles, siteIds: user.siteIds, requestId } : null,
        action: 'auth.sign_in',
        resourceType: 'user',
        resourceId: user?.id ?? null,
        outcome: 'denied',
      });
      throw new UnauthorizedError('The email or password is not right, or the account is not active');
    }
    await this.users.markSignedIn(user.id);
    const actor: Actor = { kind: 'user', id: user.id, roles: user.roles, siteIds: user.siteIds, requestId };
    await this.audit.record({ actor, action: 'auth.sign_in', resourceType: 'user', resourceId: user.id });
    return {
      ...(await this.accessToken(actor, user.credentialsVersion)),
      refreshToken: await this.issueRefreshToken(user.id, randomUUID()),
    };
  }

  /** Rotate: the presented token is spent and a new one issued. Reuse of a spent token revokes its family. */
  async refresh(presented: string, requestId: string): Promise<TokenResponse> {
    const stored = await this.repository.findRefreshToken(sha256(presented));
    if (!stored || stored.expiresAt <= new Date())
      throw new UnauthorizedError('The refresh token is invalid or has expired');
    if (stored.revokedAt) {
      await this.repository.revokeRefreshTokenFamily(stored.familyId);
      await this.audit.record({
        actor: null,
        action: 'auth.refresh_reuse',
        resourceType: 'user',
        resourceId: stored.userId,
        outcome: 'denied',
      });
      throw new UnauthorizedError('The refresh token was already used; sign in again');
    }
    if (!(await this.repository.revokeRefreshToken(stored.id)))
      throw new UnauthorizedError('The refresh token was already used; sign in again');
    const user = await this.users.findActive(stored.userId);
    if (!user) throw new UnauthorizedError('The account is not active');
    const actor: Actor = { kind: 'user', id: user.id, roles: user.roles, siteIds: user.siteIds, requestId };
    return {
      ...(await this.accessToken(actor, user.credentialsVersion)),
      refreshToken: await this.issueRefreshToken(user.id, stored.familyId),
    };
  }

  async signOut(presented: string): Promise<void> {
    const stored = await this.repository.findRefreshToken(sha256(presented));
    if (stored) await this.repository.revokeRefreshTokenFamily(stored.familyId);
  }

  /** RFC 6749 §4.4: authenticate the client, grant the scopes it asked for (all of its own if none), issue a bearer token. */
  async clientCredentials(request: TokenRequestFields, requestId: string): Promise<OAuthTokenResponse> {
    const client = await this.repository.findClientWithSecret(request.clientId);
    const valid = await argon2.verify(client?.secretHash ?? (await DUMMY_HASH), request.clientSecret);
    if (!client || !valid || !client.active) {
      await this.audit.record({
        actor: null,
        action: 'auth.client_credentials',
        resourceType: 'integration_client',
        resourceId: client?.id ?? null,
        outcome: 'denied',
      });
      throw new OAuthError('invalid_client', 'The client id or secret is not right, or the client is not active');
    }
    const asked = requestedScopes(request.scope);
    const refused = (asked ?? []).filter((scope) => !(client.scopes as string[]).includes(scope));
    if (refused.length > 0)
      throw new OAuthError(
        'invalid_scope',
        `This client is not granted: ${refused.join(' ')} (granted: ${client.scopes.join(' ') || 'none'})`,
      );
    const scopes = (asked ?? client.scopes) as Scope[];
    const actor: Actor = {
      kind: 'client',
      id: client.id,
      roles: [Role.Integration],
      siteIds: client.siteIds,
      scopes,
      requestId,
    };
    await this.audit.record({
      actor,
      action: 'auth.client_credentials',
      resourceType: 'integration_client',
      resourceId: client.id,
      details: { method: request.method, scopes },
    });
    const { accessToken, tokenType, expiresIn } = await this.accessToken(actor);
    return { access_token: accessToken, token_type: tokenType, expires_in: expiresIn, scope: scopes.join(' ') };
  }

  /** Housekeeping: delete refresh tokens expired more than a day ago. */
  purgeExpiredRefreshTokens(): Promise<number> {
    return this.repository.purgeExpiredRefreshTokens();
  }

  async createIntegrationClient(
    actor: Actor,
    request: CreateIntegrationClientRequest,
  ): Promise<{ client: IntegrationClient; secret: string }> {
    if (!(await this.sites.allExist(request.siteIds)))
      throw new UnprocessableError('siteIds names a site that does not exist', 'siteIds');
    const secret = randomBytes(32).toString('base64url');
    const secretHash = await argon2.hash(secret);
    const slug = request.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40);
    return this.dataSource.transaction(async (manager) => {
      const client = await this.repository.createClient(
        {
          name: request.name,
          clientId: `${slug || 'client'}-${randomBytes(4).toString('hex')}`,
          secretHash,
          siteIds: request.siteIds,
          scopes: request.scopes ?? ALL_SCOPES,
          active: true,
        },
        manager,
      );
      await this.audit.record(
        { actor, action: 'integration_client.create', resourceType: 'integration_client', resourceId: client.id },
        manager,
      );
      return { client, secret };
    });
  }

  async listIntegrationClients(): Promise<IntegrationClient[]> {
    return this.repository.listClients();
  }

  private async accessToken(actor: Actor, credentialsVersion?: number): Promise<Omit<TokenResponse, 'refreshToken'>> {
    const claims: AccessTokenClaims = {
      sub: actor.id,
      kind: actor.kind,
      roles: actor.roles,
      sites: actor.siteIds,
      ...(actor.scopes ? { scope: actor.scopes.join(' ') } : {}),
      ...(credentialsVersion ? { cv: credentialsVersion } : {}),
    };
    const expiresIn = this.config.get('JWT_ACCESS_TTL_SECONDS', { infer: true });
    return { accessToken: await this.jwt.signAsync(claims, { expiresIn }), tokenType: 'Bearer', expiresIn };
  }

  private async issueRefreshToken(userId: string, familyId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const ttl = this.config.get('REFRESH_TOKEN_TTL_SECONDS', { infer: true });
    await this.repository.insertRefreshToken({
      userId,
      familyId,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + ttl * 1000),
    });
    return token;
  }
}
