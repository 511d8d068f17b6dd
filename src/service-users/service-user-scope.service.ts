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
  /** Named service users, whatever their site or ward: where pairing adds a peer worker's own (and past) service users. */
  serviceUserIds: string[];
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
    if (isAdmin(actor)) return { everything: true, siteIds: [], wardIds: [], serviceUserIds: [] };
    const siteIds = hasRole(actor, Role.Coordinator, Role.Integration) ? actor.siteIds : [];
    const wardIds = actor.kind === 'user' && hasRole(actor, Role.WardStaff) ? await this.wardAssignments.wardIdsOf(actor.id) : [];
    // Peer workers: none yet. The pairing step fills serviceUserIds with those they are (or were) paired with.
    return { everything: false, siteIds, wardIds, serviceUserIds: [] };
  }

  static covers(scope: ServiceUserScope, serviceUser: Pick<ServiceUser, 'id' | 'siteId' | 'wardId'>): boolean {
    return (
      scope.everything ||
      scope.serviceUserIds.includes(serviceUser.id) ||
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
          .orWhere(`${alias}.wardId = ANY(:scopeWardIds::uuid[])`, { scopeWardIds: scope.wardIds })
          .orWhere(`${alias}.id = ANY(:scopeServiceUserIds::uuid[])`, { scopeServiceUserIds: scope.serviceUserIds }),
      ),
    );
  }
}
