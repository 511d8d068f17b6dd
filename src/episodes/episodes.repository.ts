import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page, paginateByCreation } from '../common/pagination/page';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { ServiceUserScopes, type ServiceUserScope } from '../service-users/service-user-scope.service';
import type { SupportEpisodeQuery } from './dto/support-episode.dto';
import { SupportEpisode } from './entities/support-episode.entity';

const SCOPE = (part: Partial<ServiceUserScope>): ServiceUserScope => ({
  everything: false,
  siteIds: [],
  wardIds: [],
  serviceUserIds: [],
  episodeIds: [],
  ...part,
});

/** Queries on support episodes (the plain finds are in the episodes area's services). */
@Injectable()
export class EpisodesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Episodes the scope covers, filtered, in creation order. Ward staff see episodes by their service user's ward,
   * so only then is `service_users` joined (by table name: service-users owns the entity); a coordinator's list is
   * a condition on the episode alone, which the planner pages by index.
   */
  @GenerateSql(
    { name: 'coordinator', params: [SCOPE({ siteIds: [DummyValue.UUID] }), { limit: 50, state: 'paired' }] },
    { name: 'ward staff', params: [SCOPE({ wardIds: [DummyValue.UUID] }), { limit: 50 }] },
    {
      name: 'peer worker',
      params: [SCOPE({ episodeIds: [DummyValue.UUID] }), { limit: 50, serviceUserId: DummyValue.UUID2 }],
    },
  )
  list(
    scope: ServiceUserScope,
    query: SupportEpisodeQuery,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Page<SupportEpisode>> {
    const qb = manager.getRepository(SupportEpisode).createQueryBuilder('e');
    if (ServiceUserScopes.episodesNeedServiceUser(scope))
      qb.innerJoin('service_users', 'su', 'su.id = e.serviceUserId');
    ServiceUserScopes.restrictEpisodes(qb, 'e', 'su', scope);
    if (query.serviceUserId) qb.andWhere('e.serviceUserId = :serviceUserId', { serviceUserId: query.serviceUserId });
    if (query.state) qb.andWhere('e.state = :state', { state: query.state });
    return paginateByCreation(qb, 'e', query, { joinsMatchOne: true });
  }

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
