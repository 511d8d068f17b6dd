import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../common/auth/role';
import { Page, PageQuery, paginateByCreation } from '../common/pagination/page';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { PasswordResetToken } from './entities/password-reset-token.entity';
import { User } from './entities/user.entity';
import { WardStaffAssignment } from './entities/ward-staff-assignment.entity';

/** Every query on user accounts and ward-staff assignments. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Users in creation order; `siteIds` null for an admin, else users sharing one of those sites. */
  @GenerateSql(
    { name: 'admin', params: [null, { limit: 50 }] },
    { name: 'coordinator', params: [[DummyValue.UUID], { limit: 50 }] },
  )
  list(
    siteIds: string[] | null,
    query: PageQuery,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Page<User>> {
    const qb = manager.getRepository(User).createQueryBuilder('user');
    if (siteIds) qb.where('user.siteIds && :siteIds::uuid[]', { siteIds });
    return paginateByCreation(qb, 'user', query);
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  findUser(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.findOneBy(User, { id });
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  findActiveUser(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.findOneBy(User, { id, active: true });
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  lockUser(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** For sign-in only: the one read that includes the password hash. `email` is already normalised. */
  @GenerateSql({ params: [DummyValue.EMAIL] })
  findForSignIn(email: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('lower(user.email) = :email', { email })
      .getOne();
  }

  /** `email` is already normalised. */
  @GenerateSql({ params: [DummyValue.EMAIL] })
  emailTaken(email: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.createQueryBuilder(User, 'user').where('lower(user.email) = :email', { email }).getExists();
  }

  @GenerateSql({
    params: [
      {
        email: DummyValue.EMAIL,
        displayName: DummyValue.STRING,
        passwordHash: 'hash',
        roles: [Role.PeerWorker],
        siteIds: [DummyValue.UUID],
        active: true,
      },
    ],
  })
  createUser(user: Partial<User>, manager: EntityManager = this.dataSource.manager): Promise<User> {
    return manager.save(manager.create(User, user));
  }

  /** Write back a user read with lockUser (its version moves on). */
  @GenerateSql({ params: [{ id: DummyValue.UUID, displayName: DummyValue.STRING, version: 1 }] })
  updateUser(user: User, manager: EntityManager = this.dataSource.manager): Promise<User> {
    return manager.save(User, user);
  }

  /** A password change ends every session: each refresh token of the user still live is revoked. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async revokeRefreshTokensOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
    ]);
  }

  /** A new reset replaces any the user still holds unspent: only the latest one works. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async supersedePasswordResetsOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `UPDATE password_reset_tokens SET spent_at = now(), spent_how = 'superseded', updated_at = now()
       WHERE user_id = $1 AND spent_at IS NULL`,
      [userId],
    );
  }

  @GenerateSql({
    params: [{ userId: DummyValue.UUID, tokenHash: 'sha256', issuedBy: DummyValue.UUID2, expiresAt: DummyValue.DATE }],
  })
  createPasswordReset(
    reset: Pick<PasswordResetToken, 'userId' | 'tokenHash' | 'issuedBy' | 'expiresAt'>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PasswordResetToken> {
    return manager.save(manager.create(PasswordResetToken, { ...reset, spentAt: null, spentHow: null }));
  }

  /**
   * Spend a reset token, once: the user it was issued for, or null when no live (unspent, unexpired) token has
   * this hash. Two redemptions racing see one winner (the row is updated only while spent_at is null).
   */
  @GenerateSql({ params: ['sha256'] })
  async redeemPasswordReset(
    tokenHash: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | null> {
    const [rows] = await manager.query<[{ user_id: string }[], number]>(
      `UPDATE password_reset_tokens SET spent_at = now(), spent_how = 'redeemed', updated_at = now()
       WHERE token_hash = $1 AND spent_at IS NULL AND expires_at > now()
       RETURNING user_id`,
      [tokenHash],
    );
    return rows[0]?.user_id ?? null;
  }

  /** Why a token could not be spent: unknown, expired, redeemed or superseded. */
  @GenerateSql({ params: ['sha256'] })
  findPasswordReset(
    tokenHash: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PasswordResetToken | null> {
    return manager.findOneBy(PasswordResetToken, { tokenHash });
  }

  /**
   * Resets no longer any use: spent or expired more than a day ago. The day keeps the refusal saying why (already
   * used, superseded, expired) to someone who tries a token just after; the audit trail keeps the issue and redemption.
   */
  @GenerateSql({ params: [] })
  async purgeSpentPasswordResets(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [, purged] = await manager.query<[unknown[], number]>(
      `DELETE FROM password_reset_tokens
       WHERE spent_at < now() - interval '1 day' OR expires_at < now() - interval '1 day'`,
    );
    return purged ?? 0;
  }

  /** The names of these users, by id (whether or not still active). */
  @GenerateSql({ params: [[DummyValue.UUID, DummyValue.UUID2]] })
  namesOf(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; displayName: string }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager
      .getRepository(User)
      .createQueryBuilder('user')
      .select(['user.id AS "id"', 'user.display_name AS "displayName"'])
      .where('user.id = ANY(:ids::uuid[])', { ids })
      .getRawMany();
  }

  /** The emails of those of these users whose accounts are active, by id. */
  @GenerateSql({ params: [[DummyValue.UUID, DummyValue.UUID2]] })
  activeEmailsOf(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; email: string }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager
      .getRepository(User)
      .createQueryBuilder('user')
      .select(['user.id AS "id"', 'user.email AS "email"'])
      .where('user.id = ANY(:ids::uuid[]) AND user.active', { ids })
      .getRawMany();
  }

  /** Active users holding the coordinator role on the site. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async activeCoordinatorIdsOn(siteId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager
      .getRepository(User)
      .createQueryBuilder('user')
      .select('user.id', 'id')
      .where('user.active AND :coordinator = ANY(user.roles) AND :siteId = ANY(user.siteIds)', {
        coordinator: Role.Coordinator,
        siteId,
      })
      .orderBy('user.id')
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async markSignedIn(id: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    // Raw SQL on purpose: signing in is not an edit, so version and updated_at stay as they are.
    await manager.query('UPDATE users SET last_signed_in_at = now() WHERE id = $1', [id]);
  }

  /** Serialises replicas starting together for the rest of the transaction, so exactly one first admin is made. */
  @GenerateSql({ params: [] })
  async lockBootstrapAdmin(manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(4207312)');
  }

  @GenerateSql({ params: [] })
  countAdmins(manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.createQueryBuilder(User, 'user').where(':admin = ANY(user.roles)', { admin: Role.Admin }).getCount();
  }

  @GenerateSql({ params: [DummyValue.UUID, DummyValue.UUID2] })
  async assignWard(userId: string, wardId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(WardStaffAssignment)
      .values({ userId, wardId })
      .orIgnore()
      .execute();
  }

  /** Whether an assignment was removed. */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.UUID2] })
  async unassignWard(
    userId: string,
    wardId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const { affected } = await manager.delete(WardStaffAssignment, { userId, wardId });
    return !!affected;
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  wardAssignmentsOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<WardStaffAssignment[]> {
    return manager.find(WardStaffAssignment, { where: { userId }, order: { createdAt: 'ASC' } });
  }
}
