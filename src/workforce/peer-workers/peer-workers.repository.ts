import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page, paginateByCreation } from '../../common/pagination/page';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';
import { PeerWorker } from './entities/peer-worker.entity';
import { PeerWorkerStatus } from './peer-worker-status';

export interface PeerWorkerFilter {
  /** Null for an admin (every record); else the sites the caller manages and the caller's own user id. */
  visibleTo: { managedSiteIds: string[]; userId: string } | null;
  siteId?: string;
  status?: PeerWorkerStatus;
  limit: number;
  cursor?: string;
}

export interface PeerWorkerDeliveryFacts {
  siteId: string;
  codeOfEthicsAcknowledgedOn: string | null;
}

/** Queries of peer worker records beyond a plain find (the plain finds are still in PeerWorkersService). */
@Injectable()
export class PeerWorkersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The two facts the delivery rules need of a meeting's peer worker, read on every meeting written. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async deliveryFactsOf(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PeerWorkerDeliveryFacts | null> {
    const [row] = await manager.query<PeerWorkerDeliveryFacts[]>(
      `SELECT site_id AS "siteId", code_of_ethics_acknowledged_on::text AS "codeOfEthicsAcknowledgedOn" FROM peer_workers WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  @GenerateSql(
    { name: 'admin', params: [{ visibleTo: null, limit: 50 }] },
    {
      name: 'coordinator, by site and status',
      params: [
        {
          visibleTo: { managedSiteIds: [DummyValue.UUID], userId: DummyValue.UUID2 },
          siteId: DummyValue.UUID,
          status: PeerWorkerStatus.Active,
          limit: 50,
        },
      ],
    },
  )
  list(filter: PeerWorkerFilter, manager: EntityManager = this.dataSource.manager): Promise<Page<PeerWorker>> {
    const qb = manager.getRepository(PeerWorker).createQueryBuilder('pw');
    if (filter.visibleTo) {
      // Coordinators see their sites' workforce; a peer worker sees only their own record.
      qb.where('(pw.siteId = ANY(:managed) OR pw.userId = :self)', {
        managed: filter.visibleTo.managedSiteIds,
        self: filter.visibleTo.userId,
      });
    }
    if (filter.siteId) qb.andWhere('pw.siteId = :siteId', { siteId: filter.siteId });
    if (filter.status) qb.andWhere('pw.status = :status', { status: filter.status });
    return paginateByCreation(qb, 'pw', filter);
  }

  /** The site's peer workers in the given statuses, by name. */
  @GenerateSql({ params: [DummyValue.UUID, [PeerWorkerStatus.Active, PeerWorkerStatus.Reserve]] })
  onSite(
    siteId: string,
    statuses: readonly PeerWorkerStatus[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PeerWorker[]> {
    return manager
      .getRepository(PeerWorker)
      .createQueryBuilder('pw')
      .where('pw.siteId = :siteId AND pw.status = ANY(:statuses)', { siteId, statuses: [...statuses] })
      .orderBy('pw.displayName', 'ASC')
      .addOrderBy('pw.id', 'ASC')
      .getMany();
  }
}
