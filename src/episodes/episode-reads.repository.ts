import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, NotBrackets, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import { offsetPage, type OffsetPageRequest } from '../common/pagination/offset-page';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import type { ServiceUserScope } from '../service-users/service-user-scope.service';
import { ServiceUserScopes } from '../service-users/service-user-scope.service';
import { SupportEpisode } from './entities/support-episode.entity';
import type { SupportEpisodeState } from './support-episode.state-machine';

/** Episodes in one of these states; `endedAsPlanned` narrows `ended` to planned endings (true) or the others (false). */
export interface EpisodeStateMatch {
  states: readonly SupportEpisodeState[];
  endedAsPlanned?: boolean;
}

/** What a search of support episodes filters on (already validated by the caller); every field given narrows it. */
export interface EpisodeSearch {
  /** `_id`: only these episodes. */
  ids?: readonly string[] | null;
  serviceUserId?: string;
  /** The paired peer worker. */
  peerWorkerId?: string;
  /** Match nothing (a reference to another type, or a malformed id). */
  nothing?: boolean;
  /** In any of these. */
  anyOf?: readonly EpisodeStateMatch[];
  /** In none of these. */
  noneOf?: readonly EpisodeStateMatch[];
  /** Only episodes with a community plan (the FHIR CarePlan). */
  withCommunityPlan?: boolean;
}

/** An episode as other areas read it: with its Trust's name and ODS code, and its service user's ward. */
export type EpisodeWithPlace = SupportEpisode & {
  site: { id: string; name: string; odsCode: string };
  serviceUser: { id: string; wardId: string | null };
};

const PEER_WORKER_SCOPE: ServiceUserScope = {
  everything: false,
  siteIds: [],
  wardIds: [],
  serviceUserIds: [DummyValue.UUID],
  episodeIds: [DummyValue.UUID2],
};
const COORDINATOR_SCOPE: ServiceUserScope = { ...PEER_WORKER_SCOPE, siteIds: [DummyValue.UUID], serviceUserIds: [] };

/**
 * Read-only queries of support episodes for other areas (the FHIR EpisodeOfCare, CareTeam and CarePlan), scoped
 * through the service user exactly as the REST API scopes them. The caller passes the connection (the read
 * replica for searches).
 */
@Injectable()
export class EpisodeReadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @GenerateSql(
    { name: 'peer worker', params: [PEER_WORKER_SCOPE, DummyValue.UUID, {}] },
    { name: 'with a community plan', params: [COORDINATOR_SCOPE, DummyValue.UUID, { withCommunityPlan: true }] },
  )
  readWithPlace(
    scope: ServiceUserScope,
    id: string,
    search: Pick<EpisodeSearch, 'withCommunityPlan'> = {},
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EpisodeWithPlace | null> {
    const qb = this.scopedWithPlace(scope, manager).andWhere('ep.id = :id', { id });
    if (search.withCommunityPlan) qb.andWhere(HAS_COMMUNITY_PLAN);
    return qb.getOne() as Promise<EpisodeWithPlace | null>;
  }

  /** Episodes in the scope, with their places, filtered and offset-paged. */
  @GenerateSql(
    {
      name: 'by patient, status and care manager',
      params: [
        COORDINATOR_SCOPE,
        {
          serviceUserId: DummyValue.UUID,
          peerWorkerId: DummyValue.UUID2,
          anyOf: [{ states: ['paired', 'ward_support'] }],
          noneOf: [{ states: ['ended'], endedAsPlanned: true }],
        },
        { offset: 0, count: 20, sort: [] },
      ],
    },
    {
      name: 'with a community plan, by id, everything',
      params: [
        { ...COORDINATOR_SCOPE, everything: true },
        { ids: [DummyValue.UUID], withCommunityPlan: true, anyOf: [{ states: ['ended'], endedAsPlanned: false }] },
        { offset: 0, count: 20, sort: [] },
      ],
    },
    { name: 'total only', params: [PEER_WORKER_SCOPE, { nothing: true }, { offset: 0, count: 0, sort: [] }] },
  )
  async searchWithPlace(
    scope: ServiceUserScope,
    search: EpisodeSearch,
    page: OffsetPageRequest,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ total: number; rows: EpisodeWithPlace[] }> {
    const qb = this.scopedWithPlace(scope, manager);
    if (search.nothing) qb.andWhere('false');
    if (search.ids) qb.andWhere('ep.id = ANY(:ids::uuid[])', { ids: search.ids });
    if (search.serviceUserId !== undefined)
      qb.andWhere('ep.serviceUserId = :serviceUserId', { serviceUserId: search.serviceUserId });
    if (search.peerWorkerId !== undefined)
      qb.andWhere('ep.peerWorkerId = :peerWorkerId', { peerWorkerId: search.peerWorkerId });
    if (search.anyOf) qb.andWhere(new Brackets(inAnyOf(search.anyOf, 'anyOf')));
    if (search.noneOf) qb.andWhere(new NotBrackets(inAnyOf(search.noneOf, 'noneOf')));
    if (search.withCommunityPlan) qb.andWhere(HAS_COMMUNITY_PLAN);
    return (await offsetPage(qb, 'ep', page)) as { total: number; rows: EpisodeWithPlace[] };
  }

  private scopedWithPlace(scope: ServiceUserScope, manager: EntityManager): SelectQueryBuilder<SupportEpisode> {
    const qb = manager
      .getRepository(SupportEpisode)
      .createQueryBuilder('ep')
      .innerJoin('ep.site', 'site')
      .addSelect(['site.id', 'site.name', 'site.odsCode'])
      .innerJoin('ep.serviceUser', 'su')
      .addSelect(['su.id', 'su.wardId']);
    return ServiceUserScopes.restrict(qb, 'su', scope);
  }
}

/** Whether the episode has a community plan: delivery's planned contacts exist for it (the one read of them here). */
const HAS_COMMUNITY_PLAN = 'EXISTS (SELECT 1 FROM planned_contacts has_plan WHERE has_plan.episode_id = ep.id)';

function inAnyOf(matches: readonly EpisodeStateMatch[], name: string) {
  return (w: WhereExpressionBuilder) => {
    w.where('false');
    matches.forEach((match, i) => {
      const states = `ep.state = ANY(:${name}${i}::text[])`;
      const ending =
        match.endedAsPlanned === undefined
          ? ''
          : match.endedAsPlanned
            ? ` AND ep.endingReason = 'planned_ending'`
            : ` AND ep.endingReason IS DISTINCT FROM 'planned_ending'`;
      w.orWhere(`(${states}${ending})`, { [`${name}${i}`]: match.states });
    });
  };
}
