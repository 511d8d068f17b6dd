import type { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, canActOnSite, isAdmin } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { RecordNotFoundError, UnprocessableError } from '../common/errors/domain-errors';
import { SitesService } from '../sites/sites.service';
import { User } from './entities/user.entity';
import { UsersRepository } from './users.repository';

/** Which wards a ward-staff user works on: the scope of the service users they see. */
@Injectable()
export class WardAssignmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly users: UsersRepository,
  ) {}

  async assign(actor: Actor, userId: string, wardId: string): Promise<string[]> {
    const user = await this.findStaffInScope(actor, userId);
    const ward = await this.sites.findWard(actor, wardId);
    if (!user.roles.includes(Role.WardStaff))
      throw new UnprocessableError('Only ward staff are assigned to wards', 'userId');
    if (!user.siteIds.includes(ward.siteId))
      throw new UnprocessableError('The ward is on a site the user does not work on', 'wardId');
    await this.dataSource.transaction(async (manager) => {
      await this.users.assignWard(userId, wardId, manager);
      await this.audit.record(
        { actor, action: 'ward_staff.assign', resourceType: 'user', resourceId: userId, details: { wardId } },
        manager,
      );
    });
    return this.wardIdsOf(userId);
  }

  async unassign(actor: Actor, userId: string, wardId: string): Promise<string[]> {
    await this.findStaffInScope(actor, userId);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.users.unassignWard(userId, wardId, manager))) throw new RecordNotFoundError('Ward assignment');
      await this.audit.record(
        { actor, action: 'ward_staff.unassign', resourceType: 'user', resourceId: userId, details: { wardId } },
        manager,
      );
    });
    return this.wardIdsOf(userId);
  }

  async list(actor: Actor, userId: string): Promise<string[]> {
    await this.findStaffInScope(actor, userId);
    return this.wardIdsOf(userId);
  }

  /** The wards a user works on (empty for anyone not assigned). */
  async wardIdsOf(userId: string, manager?: EntityManager): Promise<string[]> {
    const rows = await this.users.wardAssignmentsOf(userId, manager);
    return rows.map((row) => row.wardId);
  }

  private async findStaffInScope(actor: Actor, userId: string): Promise<User> {
    const user = await this.users.findUser(userId);
    if (!user || !(isAdmin(actor) || user.siteIds.some((siteId) => canActOnSite(actor, siteId))))
      throw new RecordNotFoundError('User', userId);
    return user;
  }
}
