import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';
import { LoneWorkingVisit } from './entities/lone-working-visit.entity';

/** Queries of lone-working visits beyond a plain find. */
@Injectable()
export class LoneWorkingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Visits not checked out, soonest expected end first: on these sites, or everywhere when `siteIds` is null (admin). */
  @GenerateSql({ name: 'admin', params: [null, 500] }, { name: 'coordinator', params: [[DummyValue.UUID], 500] })
  openVisits(
    siteIds: readonly string[] | null,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<LoneWorkingVisit[]> {
    const qb = manager.createQueryBuilder(LoneWorkingVisit, 'v').where('v.checkedOutAt IS NULL');
    if (siteIds !== null) qb.andWhere('v.siteId = ANY(:sites::uuid[])', { sites: siteIds });
    return qb.orderBy('v.expectedEndAt', 'ASC').take(limit).getMany();
  }
}
