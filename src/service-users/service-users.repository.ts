import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page, PageQuery, paginateByCreation } from '../common/pagination/page';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { ServiceUser } from './entities/service-user.entity';
import type { ServiceUserScope } from './service-user-scope.service';
import { ServiceUserScopes } from './service-user-scope.service';

const WARD_STAFF_SCOPE: ServiceUserScope = {
  everything: false,
  siteIds: [],
  wardIds: [DummyValue.UUID],
  serviceUserIds: [],
  episodeIds: [],
};
const PEER_WORKER_SCOPE: ServiceUserScope = {
  everything: false,
  siteIds: [],
  wardIds: [],
  serviceUserIds: [DummyValue.UUID],
  episodeIds: [DummyValue.UUID2],
};

/** Queries of service users beyond a plain find (the plain finds are still in ServiceUsersService). */
@Injectable()
export class ServiceUsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Service users the scope covers, in creation order. */
  @GenerateSql(
    {
      name: 'admin',
      params: [{ everything: true, siteIds: [], wardIds: [], serviceUserIds: [], episodeIds: [] }, { limit: 50 }],
    },
    { name: 'ward staff', params: [WARD_STAFF_SCOPE, { limit: 50 }] },
    { name: 'peer worker', params: [PEER_WORKER_SCOPE, { limit: 50 }] },
  )
  list(
    scope: ServiceUserScope,
    query: PageQuery,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Page<ServiceUser>> {
    const qb = ServiceUserScopes.restrict(manager.getRepository(ServiceUser).createQueryBuilder('su'), 'su', scope);
    return paginateByCreation(qb, 'su', query);
  }

  /** How many of the site's service users are named (given and family name together) in the normalised text. */
  @GenerateSql({ params: [DummyValue.UUID, ' met jo bloggs today '] })
  async countNamedIn(
    siteId: string,
    normalised: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const row = await manager
      .getRepository(ServiceUser)
      .createQueryBuilder('su')
      .select('count(*)::int', 'count')
      .where('su.siteId = :siteId', { siteId })
      .andWhere("position(' ' || lower(su.givenName || ' ' || su.familyName) || ' ' in :normalised) > 0", {
        normalised,
      })
      .getRawOne<{ count: number }>();
    return row?.count ?? 0;
  }

  /** `nhsNumber` is already normalised. */
  @GenerateSql({ params: ['9434765919', [DummyValue.UUID]] })
  findByNhsNumberOnSites(
    nhsNumber: string,
    siteIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ServiceUser | null> {
    return manager
      .getRepository(ServiceUser)
      .createQueryBuilder('su')
      .where('su.nhsNumber = :nhsNumber', { nhsNumber })
      .andWhere('su.siteId = ANY(:siteIds::uuid[])', { siteIds })
      .getOne();
  }
}
