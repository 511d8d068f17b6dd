import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { offsetPage } from '../common/pagination/offset-page';
import type { OffsetPageRequest } from '../common/pagination/offset-page';
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

const ADMIN_SCOPE: ServiceUserScope = {
  everything: true,
  siteIds: [],
  wardIds: [],
  serviceUserIds: [],
  episodeIds: [],
};

/** What the FHIR Patient search filters on (already validated by the caller). */
export interface PatientSearch {
  /** `_id`: only these service users. */
  ids?: readonly string[] | null;
  /** An NHS number, already normalised (no spaces). */
  nhsNumber?: string;
  /** Match nobody (an identifier of another system). */
  nothing?: boolean;
}

/** Queries of service users beyond a plain find (the plain finds are still in ServiceUsersService), and other areas' reads. */
@Injectable()
export class ServiceUsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A service user by id with no caller scope: for other areas' rules (pairing ranks by their ward), never for HTTP reads. */
  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<ServiceUser | null> {
    return manager.getRepository(ServiceUser).findOneBy({ id });
  }

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

  /** One service user with their site, if the scope covers them (the FHIR Patient read). */
  @GenerateSql({ name: 'peer worker', params: [PEER_WORKER_SCOPE, DummyValue.UUID] })
  readWithSite(
    scope: ServiceUserScope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ServiceUser | null> {
    return this.scopedWithSite(scope, manager).andWhere('su.id = :id', { id }).getOne();
  }

  /** Service users the scope covers, with their sites, filtered and offset-paged (the FHIR Patient search). */
  @GenerateSql(
    { name: 'by NHS number', params: [ADMIN_SCOPE, { nhsNumber: '9434765919' }, { offset: 0, count: 20, sort: [] }] },
    {
      name: 'ward staff, by id',
      params: [WARD_STAFF_SCOPE, { ids: [DummyValue.UUID] }, { offset: 0, count: 20, sort: [] }],
    },
    { name: 'total only', params: [PEER_WORKER_SCOPE, {}, { offset: 0, count: 0, sort: [] }] },
  )
  searchWithSite(
    scope: ServiceUserScope,
    search: PatientSearch,
    page: OffsetPageRequest,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ total: number; rows: ServiceUser[] }> {
    const qb = this.scopedWithSite(scope, manager);
    if (search.ids) qb.andWhere('su.id = ANY(:ids::uuid[])', { ids: search.ids });
    if (search.nothing) qb.andWhere('false');
    if (search.nhsNumber !== undefined) qb.andWhere('su.nhsNumber = :nhsNumber', { nhsNumber: search.nhsNumber });
    return offsetPage(qb, 'su', page);
  }

  private scopedWithSite(scope: ServiceUserScope, manager: EntityManager) {
    const qb = manager.getRepository(ServiceUser).createQueryBuilder('su').innerJoinAndSelect('su.site', 'site');
    return ServiceUserScopes.restrict(qb, 'su', scope);
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
