import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CareTeam } from '@medplum/fhirtypes';
import { DataSource } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import type { SupportEpisode } from '../../../episodes/entities/support-episode.entity';
import { PeerWorker } from '../../../workforce/peer-workers/entities/peer-worker.entity';
import { SiteCoordinator } from '../../../workforce/peer-workers/entities/site-coordinator.entity';
import { Ward } from '../../../sites/entities/ward.entity';
import { User } from '../../../users/entities/user.entity';
import { isRecordId, SearchRequest } from '../fhir-search';
import { toCareTeam } from '../mappers/episode-of-care.mapper';
import { SupportEpisodeQueries } from './episode-of-care.resource';
import { UK_CORE_PROFILE } from '../fhir-vocabulary';
import { FhirMatch, FhirResourceDefinition, pageOf } from './fhir-resource-definition';

/** The team around each support episode (same id as the episode). */
@Injectable()
export class CareTeamResource implements FhirResourceDefinition<CareTeam> {
  readonly type = 'CareTeam';
  readonly profile = UK_CORE_PROFILE('CareTeam');
  readonly documentation =
    'The people around one support episode: service user, peer worker, coordinator and ward team';
  readonly searchParams = {
    patient: { type: 'reference' as const, documentation: 'The service user: Patient/<id> or <id>' },
    subject: { type: 'reference' as const, documentation: 'Same as patient' },
  };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly episodes: SupportEpisodeQueries,
  ) {}

  /** Peer workers, coordinators and wards for a page of episodes, in three queries. */
  private async matches(episodes: SupportEpisode[]): Promise<FhirMatch<CareTeam>[]> {
    const ids = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];
    const peerWorkerIds = ids(episodes.map((ep) => ep.peerWorkerId));
    const wardIds = ids(episodes.map((ep) => ep.serviceUser?.wardId));
    const siteIds = ids(episodes.map((ep) => ep.siteId));
    const [peerWorkers, wards, coordinators] = await Promise.all([
      peerWorkerIds.length
        ? this.dataSource
            .getRepository(PeerWorker)
            .createQueryBuilder('pw')
            .where('pw.id = ANY(:peerWorkerIds::uuid[])', { peerWorkerIds })
            .getMany()
        : [],
      wardIds.length
        ? this.dataSource
            .getRepository(Ward)
            .createQueryBuilder('w')
            .where('w.id = ANY(:wardIds::uuid[])', { wardIds })
            .getMany()
        : [],
      siteIds.length
        ? this.dataSource
            .getRepository(SiteCoordinator)
            .createQueryBuilder('sc')
            .innerJoin(User, 'u', 'u.id = sc.coordinatorUserId')
            .select(['sc.siteId AS "siteId"', 'u.displayName AS "displayName"'])
            .where('sc.siteId = ANY(:siteIds::uuid[])', { siteIds })
            .getRawMany<{ siteId: string; displayName: string }>()
        : [],
    ]);
    return episodes.map((ep) => {
      const peerWorker = peerWorkers.find((pw) => pw.id === ep.peerWorkerId) ?? null;
      return {
        resource: toCareTeam(ep, ep.site!, {
          peerWorker,
          coordinator: coordinators.find((c) => c.siteId === ep.siteId) ?? null,
          ward: wards.find((w) => w.id === ep.serviceUser?.wardId) ?? null,
        }),
        serviceUserId: ep.serviceUserId,
      };
    });
  }

  async read(actor: Actor, id: string) {
    if (!isRecordId(id)) return null;
    const ep = await (await this.episodes.scoped(actor)).andWhere('ep.id = :id', { id }).getOne();
    return ep ? (await this.matches([ep]))[0] : null;
  }

  async search(actor: Actor, search: SearchRequest) {
    const qb = await this.episodes.scoped(actor);
    if (search.ids) qb.andWhere('ep.id = ANY(:ids::uuid[])', { ids: search.ids.filter(isRecordId) });
    for (const name of ['patient', 'subject'])
      if (search.params[name] !== undefined) SupportEpisodeQueries.byPatient(qb, search.params[name]);
    const { total, rows } = await pageOf(qb, 'ep', search);
    return { total, matches: await this.matches(rows) };
  }
}
