import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';
import type { DiagnosticStratum } from '../diagnosis';
import { RandomisationStratum } from '../entities/randomisation-stratum.entity';

/** Queries on randomisation strata that read the secret seed (select: false elsewhere) or race to create it. */
@Injectable()
export class AllocationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A site's strata with their seeds, for the audit that regenerates each sequence. */
  @GenerateSql({ params: [DummyValue.UUID] })
  strataWithSeeds(siteId: string, manager: EntityManager = this.dataSource.manager): Promise<RandomisationStratum[]> {
    return manager
      .getRepository(RandomisationStratum)
      .createQueryBuilder('s')
      .addSelect('s.seed')
      .where('s.siteId = :siteId', { siteId })
      .orderBy('s.stratum')
      .getMany();
  }

  /** The first allocation of a stratum makes its secret seed; racing first allocations agree on one row. */
  @GenerateSql({ params: [DummyValue.UUID, 'psychotic', 'seed'] })
  async createStratumIfMissing(
    siteId: string,
    stratum: DiagnosticStratum,
    seed: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(RandomisationStratum)
      .values({ siteId, stratum, seed })
      .orIgnore()
      .execute();
  }

  /** The stratum with its seed, row-locked: the lock serialises allocations in a stratum. */
  @GenerateSql({ params: [DummyValue.UUID, 'psychotic'] })
  lockStratum(
    siteId: string,
    stratum: DiagnosticStratum,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RandomisationStratum> {
    return manager
      .createQueryBuilder(RandomisationStratum, 's')
      .addSelect('s.seed')
      .where('s.siteId = :siteId AND s.stratum = :stratum', { siteId, stratum })
      .setLock('pessimistic_write')
      .getOneOrFail();
  }
}
