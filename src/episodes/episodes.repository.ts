import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { SupportEpisode } from './entities/support-episode.entity';

/** Queries on support episodes (the scoped list and the plain finds are still in SupportEpisodesService). */
@Injectable()
export class EpisodesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the service user has an episode not yet ended (a person has one open episode at a time). */
  @GenerateSql({ params: [DummyValue.UUID] })
  hasOpenEpisode(serviceUserId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager
      .createQueryBuilder(SupportEpisode, 'e')
      .where("e.serviceUserId = :id AND e.state <> 'ended'", { id: serviceUserId })
      .getExists();
  }

  /** The service user's open episode, row-locked for the caller's transaction. */
  @GenerateSql({ params: [DummyValue.UUID] })
  lockOpenEpisodeOf(
    serviceUserId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<SupportEpisode | null> {
    return manager
      .getRepository(SupportEpisode)
      .createQueryBuilder('ep')
      .setLock('pessimistic_write')
      .where('ep.serviceUserId = :serviceUserId', { serviceUserId })
      .andWhere(`ep.state <> 'ended'`)
      .getOne();
  }
}
