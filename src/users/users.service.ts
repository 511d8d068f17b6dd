import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, isAdmin } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import {
  AccessDeniedError,
  ConflictError,
  RecordNotFoundError,
  UnprocessableError,
} from '../common/errors/domain-errors';
import { assertVersion } from '../common/http/etag';
import { Page, PageQuery } from '../common/pagination/page';
import { SitesService } from '../sites/sites.service';
import { CreateUserRequest, UpdateUserRequest } from './dto/user.dto';
import { User } from './entities/user.entity';
import { UsersRepository } from './users.repository';

/** Roles a coordinator may give: the people they manage. Admin and coordinator accounts are admin-made. */
const ROLES_COORDINATORS_MAY_GRANT: readonly Role[] = [Role.PeerWorker, Role.WardStaff];

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly users: UsersRepository,
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
      // Whoever sets a password can sign in as that person: only an admin, or the account holder.
      if (passwordHash && !isAdmin(actor) && actor.id !== id)
        throw new AccessDeniedError('Only an admin or the account holder may set a password');
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
