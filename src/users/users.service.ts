import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, isAdmin } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import {
  AccessDeniedError,
  ConflictError,
  InvalidInputError,
  RecordNotFoundError,
  UnprocessableError,
} from '../common/errors/domain-errors';
import { assertVersion } from '../common/http/etag';
import { Page, PageQuery } from '../common/pagination/page';
import type { Environment } from '../config/environment';
import { SitesService } from '../sites/sites.service';
import { CreateUserRequest, UpdateUserRequest } from './dto/user.dto';
import { User } from './entities/user.entity';
import { UsersRepository } from './users.repository';

/** Roles a coordinator may give: the people they manage. Admin and coordinator accounts are admin-made. */
const ROLES_COORDINATORS_MAY_GRANT: readonly Role[] = [Role.PeerWorker, Role.WardStaff];

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A reset an admin issued: the token is in this object once and nowhere else (only its hash is stored). */
export interface IssuedPasswordReset {
  userId: string;
  resetToken: string;
  expiresAt: Date;
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly users: UsersRepository,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async create(actor: Actor, request: CreateUserRequest): Promise<User> {
    await this.assertMayManage(actor, request.roles, request.siteIds);
    const passwordHash = await argon2.hash(request.password);
    return this.dataSource.transaction(async (manager) => {
      await this.assertEmailFree(manager, request.email);
      const user = await this.users.createUser(
        {
          email: normaliseEmail(request.email),
          displayName: request.displayName,
          passwordHash,
          roles: request.roles,
          siteIds: request.siteIds,
          active: true,
        },
        manager,
      );
      await this.audit.record(
        { actor, action: 'user.create', resourceType: 'user', resourceId: user.id, details: { roles: user.roles } },
        manager,
      );
      return user;
    });
  }

  async list(actor: Actor, query: PageQuery): Promise<Page<User>> {
    const page = await this.users.list(isAdmin(actor) ? null : actor.siteIds, query);
    await this.audit.recordList(
      actor,
      'user',
      page.items.map((u) => u.id),
    );
    return page;
  }

  async get(actor: Actor, id: string): Promise<User> {
    const user = await this.findInScope(actor, id);
    await this.audit.record({ actor, action: 'user.read', resourceType: 'user', resourceId: id });
    return user;
  }

  async update(actor: Actor, id: string, request: UpdateUserRequest, expectedVersion?: number): Promise<User> {
    await this.findInScope(actor, id);
    const passwordHash = request.password ? await argon2.hash(request.password) : undefined;
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.lockUser(id, manager);
      if (!user) throw new RecordNotFoundError('User', id);
      assertVersion('User', expectedVersion, user.version);
      // A coordinator may only edit the people they could have created, and keep them so.
      await this.assertMayManage(actor, request.roles ?? user.roles, request.siteIds ?? user.siteIds, manager);
      if (!isAdmin(actor)) await this.assertMayManage(actor, user.roles, user.siteIds, manager);
      if (actor.id === id && request.active === false)
        throw new UnprocessableError('You cannot deactivate your own account', 'active');
      // Whoever sets a password can sign in as that person: only the account holder does it here. Anyone else's
      // password is changed by the holder redeeming a reset an admin issued (POST /users/{id}/password-reset).
      if (passwordHash && actor.id !== id)
        throw new AccessDeniedError(
          'Only the account holder sets their password; an admin may issue a password reset instead',
        );
      if (request.displayName !== undefined) user.displayName = request.displayName;
      if (request.roles !== undefined) user.roles = request.roles;
      if (request.siteIds !== undefined) user.siteIds = request.siteIds;
      if (request.active !== undefined) user.active = request.active;
      if (passwordHash) {
        user.passwordHash = passwordHash;
        // Every session ends: access tokens carry the old version, refresh tokens are revoked.
        user.credentialsVersion += 1;
        await this.users.revokeRefreshTokensOf(id, manager);
      }
      const saved = await this.users.updateUser(user, manager);
      const fields = Object.keys(request).filter((k) => k !== 'password');
      await this.audit.record(
        {
          actor,
          action: 'user.update',
          resourceType: 'user',
          resourceId: id,
          details: { fields, passwordChanged: !!passwordHash },
        },
        manager,
      );
      return saved;
    });
  }

  /**
   * An admin issues a one-time, expiring reset for a user. Any reset the user still held is spent (superseded);
   * nothing else changes until the user redeems it, so issuing one does not lock anybody out.
   */
  async issuePasswordReset(actor: Actor, id: string): Promise<IssuedPasswordReset> {
    if (!isAdmin(actor)) throw new AccessDeniedError('Only an admin issues a password reset');
    const resetToken = randomBytes(32).toString('base64url');
    const ttlSeconds = this.config.get('PASSWORD_RESET_TTL_SECONDS', { infer: true });
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.lockUser(id, manager);
      if (!user) throw new RecordNotFoundError('User', id);
      if (!user.active) throw new UnprocessableError('The account is not active: reactivate it first', 'active');
      await this.users.supersedePasswordResetsOf(id, manager);
      const reset = await this.users.createPasswordReset(
        {
          userId: id,
          tokenHash: sha256(resetToken),
          issuedBy: actor.id,
          expiresAt: new Date(Date.now() + ttlSeconds * 1000),
        },
        manager,
      );
      await this.audit.record(
        {
          actor,
          action: 'user.password_reset_issued',
          resourceType: 'user',
          resourceId: id,
          details: { expiresAt: reset.expiresAt.toISOString() },
        },
        manager,
      );
      return { userId: id, resetToken, expiresAt: reset.expiresAt };
    });
  }

  /**
   * The user redeems a reset: the token is spent, the password set, and every session ends (credentials version
   * raised, refresh tokens revoked). Unknown, expired, used or replaced tokens change nothing.
   */
  async redeemPasswordReset(resetToken: string, newPassword: string): Promise<void> {
    const passwordHash = await argon2.hash(newPassword);
    const tokenHash = sha256(resetToken);
    await this.dataSource.transaction(async (manager) => {
      const userId = await this.users.redeemPasswordReset(tokenHash, manager);
      if (!userId) throw new InvalidInputError('token', await this.whyResetRefused(tokenHash, manager));
      const user = await this.users.lockUser(userId, manager);
      if (!user || !user.active)
        throw new InvalidInputError('token', 'This reset is for an account that is not active');
      user.passwordHash = passwordHash;
      user.credentialsVersion += 1;
      await this.users.revokeRefreshTokensOf(userId, manager);
      await this.users.updateUser(user, manager);
      await this.audit.record(
        {
          actor: null,
          action: 'user.password_reset_redeemed',
          resourceType: 'user',
          resourceId: userId,
          details: { passwordChanged: true },
        },
        manager,
      );
    });
  }

  private async whyResetRefused(tokenHash: string, manager: EntityManager): Promise<string> {
    const reset = await this.users.findPasswordReset(tokenHash, manager);
    if (!reset) return 'This reset token is not valid';
    if (reset.spentHow === 'redeemed') return 'This reset token was already used; ask an admin for a new one';
    if (reset.spentHow === 'superseded') return 'A newer reset was issued for this account; use that one';
    return 'This reset token has expired; ask an admin for a new one';
  }

  /** Self-service: the signed-in person changes their own password, proving the current one; every session ends. */
  async changeOwnPassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    if (actor.kind !== 'user') throw new AccessDeniedError('Only a person has a password');
    const holder = await this.users.findUser(actor.id);
    const withHash = holder && (await this.users.findForSignIn(holder.email));
    if (!withHash || !(await argon2.verify(withHash.passwordHash, currentPassword)))
      throw new InvalidInputError('currentPassword', 'currentPassword is not your current password');
    const passwordHash = await argon2.hash(newPassword);
    await this.dataSource.transaction(async (manager) => {
      const user = await this.users.lockUser(actor.id, manager);
      if (!user) throw new RecordNotFoundError('User', actor.id);
      user.passwordHash = passwordHash;
      user.credentialsVersion += 1;
      await this.users.revokeRefreshTokensOf(actor.id, manager);
      await this.users.updateUser(user, manager);
      await this.audit.record(
        {
          actor,
          action: 'user.password_changed',
          resourceType: 'user',
          resourceId: actor.id,
          details: { passwordChanged: true },
        },
        manager,
      );
    });
  }

  /** For sign-in only: includes the password hash. */
  async findForSignIn(email: string): Promise<User | null> {
    return this.users.findForSignIn(normaliseEmail(email));
  }

  async findActive(id: string): Promise<User | null> {
    return this.users.findActiveUser(id);
  }

  async markSignedIn(id: string): Promise<void> {
    await this.users.markSignedIn(id);
  }

  /** Housekeeping: delete resets spent or expired more than a day ago. */
  purgeSpentPasswordResets(): Promise<number> {
    return this.users.purgeSpentPasswordResets();
  }

  /** Names by user id, for other areas' read-only views (the FHIR CareTeam's coordinator). */
  namesOf(ids: readonly string[], manager?: EntityManager): Promise<{ id: string; displayName: string }[]> {
    return this.users.namesOf(ids, manager);
  }

  /** Work emails of the active accounts among these, by user id (the FHIR Practitioner's work contact). */
  activeEmailsOf(ids: readonly string[], manager?: EntityManager): Promise<{ id: string; email: string }[]> {
    return this.users.activeEmailsOf(ids, manager);
  }

  /** Active users holding the coordinator role on the site, by id. */
  activeCoordinatorIdsOn(siteId: string, manager?: EntityManager): Promise<string[]> {
    return this.users.activeCoordinatorIdsOn(siteId, manager);
  }

  /** First start: create the admin named by BOOTSTRAP_ADMIN_EMAIL when the service has no admin yet. */
  async ensureBootstrapAdmin(email: string, password: string): Promise<boolean> {
    const passwordHash = await argon2.hash(password);
    return this.dataSource.transaction(async (manager) => {
      // Serialise replicas starting together, so exactly one admin is made.
      await this.users.lockBootstrapAdmin(manager);
      const admins = await this.users.countAdmins(manager);
      if (admins > 0) return false;
      const user = await this.users.createUser(
        {
          email: normaliseEmail(email),
          displayName: 'Administrator',
          passwordHash,
          roles: [Role.Admin],
          siteIds: [],
          active: true,
        },
        manager,
      );
      await this.audit.record(
        { actor: null, action: 'user.bootstrap_admin', resourceType: 'user', resourceId: user.id },
        manager,
      );
      this.logger.log('Created the first admin from BOOTSTRAP_ADMIN_EMAIL');
      return true;
    });
  }

  /** Users outside the caller's sites are 404, so their existence does not leak. */
  private async findInScope(actor: Actor, id: string): Promise<User> {
    const user = await this.users.findUser(id);
    const visible = user && (isAdmin(actor) || actor.id === id || user.siteIds.some((s) => actor.siteIds.includes(s)));
    if (!user || !visible) throw new RecordNotFoundError('User', id);
    return user;
  }

  private async assertMayManage(
    actor: Actor,
    roles: Role[],
    siteIds: string[],
    manager?: EntityManager,
  ): Promise<void> {
    if (!(await this.sites.allExist(siteIds, manager)))
      throw new UnprocessableError('siteIds names a site that does not exist', 'siteIds');
    if (isAdmin(actor)) return;
    const forbiddenRole = roles.find((role) => !ROLES_COORDINATORS_MAY_GRANT.includes(role));
    if (forbiddenRole) throw new AccessDeniedError(`Coordinators may not manage users with the ${forbiddenRole} role`);
    if (siteIds.length === 0 || siteIds.some((s) => !actor.siteIds.includes(s))) {
      throw new AccessDeniedError('Coordinators manage users on their own sites only');
    }
  }

  private async assertEmailFree(manager: EntityManager, email: string): Promise<void> {
    const taken = await this.users.emailTaken(normaliseEmail(email), manager);
    if (taken) throw new ConflictError('A user with this email already exists', 'email_unique');
  }
}
