import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, isAdmin } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { AccessDeniedError, ConflictError, RecordNotFoundError, UnprocessableError } from '../common/errors/domain-errors';
import { assertVersion } from '../common/http/etag';
import { Page, PageQuery, paginateByCreation } from '../common/pagination/page';
import { SitesService } from '../sites/sites.service';
import { CreateUserRequest, UpdateUserRequest } from './dto/user.dto';
import { User } from './entities/user.entity';

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
  ) {}

  async create(actor: Actor, request: CreateUserRequest): Promise<User> {
    await this.assertMayManage(actor, request.roles, request.siteIds);
    const passwordHash = await argon2.hash(request.password);
    return this.dataSource.transaction(async (manager) => {
      await this.assertEmailFree(manager, request.email);
      const user = await manager.save(
        manager.create(User, {
          email: normaliseEmail(request.email),
          displayName: request.displayName,
          passwordHash,
          roles: request.roles,
          siteIds: request.siteIds,
          active: true,
        }),
      );
      await this.audit.record({ actor, action: 'user.create', resourceType: 'user', resourceId: user.id, details: { roles: user.roles } }, manager);
      return user;
    });
  }

  async list(actor: Actor, query: PageQuery): Promise<Page<User>> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('user');
    if (!isAdmin(actor)) qb.where('user.siteIds && :siteIds::uuid[]', { siteIds: actor.siteIds });
    const page = await paginateByCreation(qb, 'user', query);
    await this.audit.recordList(actor, 'user', page.items.map((u) => u.id));
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
      const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new RecordNotFoundError('User', id);
      assertVersion('User', expectedVersion, user.version);
      // A coordinator may only edit the people they could have created, and keep them so.
      await this.assertMayManage(actor, request.roles ?? user.roles, request.siteIds ?? user.siteIds);
      if (!isAdmin(actor)) await this.assertMayManage(actor, user.roles, user.siteIds);
      if (actor.id === id && request.active === false) throw new UnprocessableError('You cannot deactivate your own account', 'active');
      // Whoever sets a password can sign in as that person: only an admin, or the account holder.
      if (passwordHash && !isAdmin(actor) && actor.id !== id) throw new AccessDeniedError('Only an admin or the account holder may set a password');
      if (request.displayName !== undefined) user.displayName = request.displayName;
      if (request.roles !== undefined) user.roles = request.roles;
      if (request.siteIds !== undefined) user.siteIds = request.siteIds;
      if (request.active !== undefined) user.active = request.active;
      if (passwordHash) {
        user.passwordHash = passwordHash;
        // Every session ends: access tokens carry the old version, refresh tokens are revoked.
        user.credentialsVersion += 1;
        await manager.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
      }
      const saved = await manager.save(user);
      const fields = Object.keys(request).filter((k) => k !== 'password');
      await this.audit.record(
        { actor, action: 'user.update', resourceType: 'user', resourceId: id, details: { fields, passwordChanged: !!passwordHash } },
        manager,
      );
      return saved;
    });
  }

  /** For sign-in only: includes the password hash. */
  async findForSignIn(email: string): Promise<User | null> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('lower(user.email) = :email', { email: normaliseEmail(email) })
      .getOne();
  }

  async findActive(id: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ id, active: true });
  }

  async markSignedIn(id: string): Promise<void> {
    // Raw SQL on purpose: signing in is not an edit, so version and updated_at stay as they are.
    await this.dataSource.query('UPDATE users SET last_signed_in_at = now() WHERE id = $1', [id]);
  }

  /** First start: create the admin named by BOOTSTRAP_ADMIN_EMAIL when the service has no admin yet. */
  async ensureBootstrapAdmin(email: string, password: string): Promise<boolean> {
    const passwordHash = await argon2.hash(password);
    return this.dataSource.transaction(async (manager) => {
      // Serialise replicas starting together, so exactly one admin is made.
      await manager.query('SELECT pg_advisory_xact_lock(4207312)');
      const admins = await manager.createQueryBuilder(User, 'user').where(':admin = ANY(user.roles)', { admin: Role.Admin }).getCount();
      if (admins > 0) return false;
      const user = await manager.save(
        manager.create(User, { email: normaliseEmail(email), displayName: 'Administrator', passwordHash, roles: [Role.Admin], siteIds: [], active: true }),
      );
      await this.audit.record({ actor: null, action: 'user.bootstrap_admin', resourceType: 'user', resourceId: user.id }, manager);
      this.logger.log('Created the first admin from BOOTSTRAP_ADMIN_EMAIL');
      return true;
    });
  }

  /** Users outside the caller's sites are 404, so their existence does not leak. */
  private async findInScope(actor: Actor, id: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    const visible = user && (isAdmin(actor) || actor.id === id || user.siteIds.some((s) => actor.siteIds.includes(s)));
    if (!user || !visible) throw new RecordNotFoundError('User', id);
    return user;
  }

  private async assertMayManage(actor: Actor, roles: Role[], siteIds: string[]): Promise<void> {
    if (!(await this.sites.allExist(siteIds))) throw new UnprocessableError('siteIds names a site that does not exist', 'siteIds');
    if (isAdmin(actor)) return;
    const forbiddenRole = roles.find((role) => !ROLES_COORDINATORS_MAY_GRANT.includes(role));
    if (forbiddenRole) throw new AccessDeniedError(`Coordinators may not manage users with the ${forbiddenRole} role`);
    if (siteIds.length === 0 || siteIds.some((s) => !actor.siteIds.includes(s))) {
      throw new AccessDeniedError('Coordinators manage users on their own sites only');
    }
  }

  private async assertEmailFree(manager: EntityManager, email: string): Promise<void> {
    const taken = await manager.createQueryBuilder(User, 'user').where('lower(user.email) = :email', { email: normaliseEmail(email) }).getExists();
    if (taken) throw new ConflictError('A user with this email already exists', 'email_unique');
  }
}
