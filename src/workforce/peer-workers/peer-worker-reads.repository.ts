import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { offsetPage, type OffsetPageRequest } from '../../common/pagination/offset-page';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';
import { PeerWorker } from './entities/peer-worker.entity';
import { SiteCoordinator } from './entities/site-coordinator.entity';
import { PeerWorkerStatus } from './peer-worker-status';

/** Which peer workers a search covers: these statuses, on these sites (null: every site, for an admin). */
export interface PeerWorkerReadScope {
  siteIds: readonly string[] | null;
  statuses: readonly PeerWorkerStatus[];
}

/** What a search of peer workers filters on (already validated by the caller); every field given narrows it. */
export interface PeerWorkerSearch {
  ids?: readonly string[] | null;
  /** Part of the name they work under, case-insensitive. */
  name?: string;
  /** Match nothing (a reference to another type, or a malformed id). */
  nothing?: boolean;
}

/** A peer worker as other areas read them, with their Trust's name and ODS code. */
export type PeerWorkerWithSite = PeerWorker & { site: { id: string; name: string; odsCode: string } };

const COORDINATOR: PeerWorkerReadScope = {
  siteIds: [DummyValue.UUID],
  statuses: [PeerWorkerStatus.Active, PeerWorkerStatus.Reserve],
};

/**
 * Read-only queries of peer workers and site coordinators for other areas (the FHIR Practitioner, PractitionerRole
 * and CareTeam; the reminders' site contacts). The caller passes the connection (the read replica for searches;
 * a reminder's own transaction).
 */
@Injectable()
export class PeerWorkerReadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @GenerateSql({ params: [COORDINATOR, DummyValue.UUID] })
  readWithSite(
    scope: PeerWorkerReadScope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PeerWorkerWithSite | null> {
    return this.scopedWithSite(scope, manager)
      .andWhere('pw.id = :id', { id })
      .getOne() as Promise<PeerWorkerWithSite | null>;
  }

  /** Peer workers in the scope, with their sites, filtered and offset-paged. */
  @GenerateSql(
    { name: 'by name', params: [COORDINATOR, { name: 'o\\_b%' }, { offset: 0, count: 20, sort: [] }] },
    {
      name: 'by id, every site',
      params: [{ ...COORDINATOR, siteIds: null }, { ids: [DummyValue.UUID] }, { offset: 0, count: 20, sort: [] }],
    },
  )
  async searchWithSite(
    scope: PeerWorkerReadScope,
    search: PeerWorkerSearch,
    page: OffsetPageRequest,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ total: number; rows: PeerWorkerWithSite[] }> {
    const qb = this.scopedWithSite(scope, manager);
    if (search.nothing) qb.andWhere('false');
    if (search.ids) qb.andWhere('pw.id = ANY(:ids::uuid[])', { ids: search.ids });
    if (search.name !== undefined)
      qb.andWhere(`pw.displayName ILIKE :name ESCAPE '\\'`, { name: `%${search.name.replace(/[\\%_]/g, '\\$&')}%` });
    return (await offsetPage(qb, 'pw', page)) as { total: number; rows: PeerWorkerWithSite[] };
  }

  /** The names peer workers work under, by id (whatever their status). */
  @GenerateSql({ params: [[DummyValue.UUID, DummyValue.UUID2]] })
  namesOf(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; displayName: string }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager
      .getRepository(PeerWorker)
      .createQueryBuilder('pw')
      .select(['pw.id AS "id"', 'pw.display_name AS "displayName"'])
      .where('pw.id = ANY(:ids::uuid[])', { ids })
      .getRawMany();
  }

  /** The user account of a peer worker record, if they have one. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async userOf(peerWorkerId: string, manager: EntityManager = this.dataSource.manager): Promise<string | null> {
    const row = await manager
      .getRepository(PeerWorker)
      .createQueryBuilder('pw')
      .select('pw.user_id', 'userId')
      .where('pw.id = :peerWorkerId', { peerWorkerId })
      .getRawOne<{ userId: string | null }>();
    return row?.userId ?? null;
  }

  /** The named Peer Worker Coordinator (and deputy) of each of these sites that has one. */
  @GenerateSql({ params: [[DummyValue.UUID]] })
  coordinatorsOf(
    siteIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Pick<SiteCoordinator, 'siteId' | 'coordinatorUserId' | 'deputyUserId'>[]> {
    if (siteIds.length === 0) return Promise.resolve([]);
    return manager
      .getRepository(SiteCoordinator)
      .createQueryBuilder('sc')
      .select(['sc.site_id AS "siteId"', 'sc.coordinator_user_id AS "coordinatorUserId"'])
      .addSelect('sc.deputy_user_id', 'deputyUserId')
      .where('sc.site_id = ANY(:siteIds::uuid[])', { siteIds })
      .orderBy('sc.site_id')
      .getRawMany();
  }

  private scopedWithSite(scope: PeerWorkerReadScope, manager: EntityManager): SelectQueryBuilder<PeerWorker> {
    const qb = manager
      .getRepository(PeerWorker)
      .createQueryBuilder('pw')
      .innerJoin('pw.site', 'site')
      .addSelect(['site.id', 'site.name', 'site.odsCode'])
      .where('pw.status = ANY(:statuses::text[])', { statuses: scope.statuses });
    return scope.siteIds ? qb.andWhere('pw.siteId = ANY(:scopeSiteIds::uuid[])', { scopeSiteIds: scope.siteIds }) : qb;
  }
}
