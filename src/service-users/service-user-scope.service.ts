import { Injectable } from '@nestjs/common';
import { Brackets, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { ObjectLiteral } from 'typeorm';
import { Actor, hasRole, isAdmin } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { WardAssignmentsService } from '../users/ward-assignments.service';
import type { ServiceUser } from './entities/service-user.entity';

/** What a caller may see of service users: the union of what each of their roles allows. */
export interface ServiceUserScope {
  everything: boolean;
  /** Coordinators and integration clients: every service user of these sites. */
  siteIds: string[];
  /** Ward staff: service users on these wards. */
  wardIds: string[];
}

/**
 * Record-level access to service users and everything about them (consents, preferences, episodes).
 * Out of scope is 404, never 403, so existence does not leak. Peer workers see nobody until pairing
 * exists; the pairing step adds "service users they are (or were) paired with" here.
 */
@Injectable()
export class ServiceUserScopes {
  constructor(private readonly wardAssignments: WardAssignmentsService) {}

  async of(actor: Actor): Promise<ServiceUserScope> {
    if (isAdmin(actor)) return { everything: true, siteIds: [], wardIds: [] };
    const siteIds = hasRole(actor, Role.Coordinator, Role.Integration) ? actor.siteIds : [];
    const wardIds = actor.kind === 'user' && hasRole(actor, Role.WardStaff) ? await this.wardAssignments.wardIdsOf(actor.id) : [];
    return { everything: false, siteIds, wardIds };
  }

  static covers(scope: ServiceUserScope, serviceUser: Pick<ServiceUser, 'siteId' | 'wardId'>): boolean {
    return (
      scope.everything ||
      scope.siteIds.includes(serviceUser.siteId) ||
      (serviceUser.wardId !== null && scope.wardIds.includes(serviceUser.wardId))
    );
  }

  /** Restrict a query to the scope; `alias` is the service_users alias in the query. */
  static restrict<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, scope: ServiceUserScope): SelectQueryBuilder<T> {
    if (scope.everything) return qb;
    return qb.andWhere(
      new Brackets((w: WhereExpressionBuilder) =>
        w
          .where(`${alias}.siteId = ANY(:scopeSiteIds::uuid[])`, { scopeSiteIds: scope.siteIds })
          .orWhere(`${alias}.wardId = ANY(:scopeWardIds::uuid[])`, { scopeWardIds: scope.wardIds }),
      ),
    );
  }
}
