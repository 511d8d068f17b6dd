import type { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { Brackets, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { ObjectLiteral } from 'typeorm';
import { Actor, hasRole, isAdmin } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { WardAssignmentsService } from '../users/ward-assignments.service';
import type { ServiceUser } from './entities/service-user.entity';
import { PairedRecords } from './paired-records';

/** What a caller may see of service users: the union of what each of their roles allows. */
export interface ServiceUserScope {
  everything: boolean;
  /** Coordinators and integration clients: every service user of these sites. */
  siteIds: string[];
  /** Ward staff: service users on these wards. */
  wardIds: string[];
  /** Named service users, whatever their site or ward: a peer worker's own (and past) service users. */
  serviceUserIds: string[];
  /** Named support episodes: those a peer worker is or was paired with (not the person's other episodes). */
  episodeIds: string[];
}

/**
 * Record-level access to service users and everything about them (consents, preferences, episodes).
 * Out of scope is 404, never 403, so existence does not leak. Peer workers see the service users and
 * episodes they are (or were) paired with, from the pairing history (PairedRecords, which pairing
 * provides, so this area does not depend on the later one).
 */
@Injectable()
export class ServiceUserScopes {
  constructor(
    private readonly wardAssignments: WardAssignmentsService,
    private readonly pairedRecords: PairedRecords,
  ) {}

  /** Inside a transaction pass its manager (never a second pool connection while a lock is held). */
  async of(actor: Actor, manager?: EntityManager): Promise<ServiceUserScope> {
    if (isAdmin(actor)) return { everything: true, siteIds: [], wardIds: [], serviceUserIds: [], episodeIds: [] };
    const siteIds = hasRole(actor, Role.Coordinator, Role.Integration) ? actor.siteIds : [];
    const wardIds =
      actor.kind === 'user' && hasRole(actor, Role.WardStaff)
        ? await this.wardAssignments.wardIdsOf(actor.id, manager)
        : [];
    const paired =
      actor.kind === 'user' && hasRole(actor, Role.PeerWorker)
        ? await this.pairedRecords.pairedRecordsOf(actor.id, manager)
        : { serviceUserIds: [], episodeIds: [] };
    return { everything: false, siteIds, wardIds, ...paired };
  }

  static covers(scope: ServiceUserScope, serviceUser: Pick<ServiceUser, 'id' | 'siteId' | 'wardId'>): boolean {
    return scope.serviceUserIds.includes(serviceUser.id) || ServiceUserScopes.coversByPlace(scope, serviceUser);
  }

  /** A support episode: by its service user's site or ward, or because the caller is (or was) paired with this episode. */
  static coversEpisode(
    scope: ServiceUserScope,
    episodeId: string,
    serviceUser: Pick<ServiceUser, 'id' | 'siteId' | 'wardId'>,
  ): boolean {
    return scope.episodeIds.includes(episodeId) || ServiceUserScopes.coversByPlace(scope, serviceUser);
  }

  private static coversByPlace(scope: ServiceUserScope, serviceUser: Pick<ServiceUser, 'siteId' | 'wardId'>): boolean {
    return (
      scope.everything ||
      scope.siteIds.includes(serviceUser.siteId) ||
      (serviceUser.wardId !== null && scope.wardIds.includes(serviceUser.wardId))
    );
  }

  /** Restrict a query to the scope; `alias` is the service_users alias in the query. */
  static restrict<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    alias: string,
    scope: ServiceUserScope,
  ): SelectQueryBuilder<T> {
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

  /**
   * Restrict a query of support episodes (`episodeAlias`, joined to service users as `serviceUserAlias`) to the scope.
   * Only the parts the caller has are written, so a coordinator's list is a condition on the episode alone (an
   * episode's site is its service user's, which never changes) and the planner can page it by index.
   */
  static restrictEpisodes<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    episodeAlias: string,
    serviceUserAlias: string,
    scope: ServiceUserScope,
  ): SelectQueryBuilder<T> {
    return ServiceUserScopes.restrictEpisodeRecords(
      qb,
      { siteId: `${episodeAlias}.siteId`, episodeId: `${episodeAlias}.id`, wardId: `${serviceUserAlias}.wardId` },
      scope,
    );
  }

  /**
   * restrictEpisodes for records of an episode that carry its site and id (meetings): `columns` name the episode's
   * site and id and the service user's ward (which the caller joins only when episodesNeedServiceUser says so).
   */
  static restrictEpisodeRecords<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    columns: { siteId: string; episodeId: string; wardId: string },
    scope: ServiceUserScope,
  ): SelectQueryBuilder<T> {
    if (scope.everything) return qb;
    const parts: [string, Record<string, string[]>][] = [];
    if (scope.siteIds.length > 0)
      parts.push([`${columns.siteId} = ANY(:scopeSiteIds::uuid[])`, { scopeSiteIds: scope.siteIds }]);
    if (scope.wardIds.length > 0)
      parts.push([`${columns.wardId} = ANY(:scopeWardIds::uuid[])`, { scopeWardIds: scope.wardIds }]);
    if (scope.episodeIds.length > 0)
      parts.push([`${columns.episodeId} = ANY(:scopeEpisodeIds::uuid[])`, { scopeEpisodeIds: scope.episodeIds }]);
    if (parts.length === 0) return qb.andWhere('false');
    return qb.andWhere(
      new Brackets((w: WhereExpressionBuilder) => parts.forEach(([sql, params]) => w.orWhere(sql, params))),
    );
  }

  /** Whether restrictEpisodes needs the service user joined (only ward staff's part reads it). */
  static episodesNeedServiceUser(scope: ServiceUserScope): boolean {
    return !scope.everything && scope.wardIds.length > 0;
  }
}
