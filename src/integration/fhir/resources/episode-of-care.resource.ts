import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EpisodeOfCare } from '@medplum/fhirtypes';
import { DataSource } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { SupportEpisode } from '../../../episodes/entities/support-episode.entity';
import { ServiceUserScopes } from '../../../service-users/service-user-scope.service';
import { invalidSearch } from '../fhir-errors';
import { isRecordId, referencedId, SearchRequest } from '../fhir-search';
import { statesForEpisodeOfCareStatus } from '../fhir-vocabulary';
import { toEpisodeOfCare } from '../mappers/episode-of-care.mapper';
import { UK_CORE_PROFILE } from '../fhir-vocabulary';
import { FhirMatch, FhirResourceDefinition, pageOf } from './fhir-resource-definition';

/** Support episodes, scoped through their service user exactly as the REST API scopes them. */
@Injectable()
export class SupportEpisodeQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scopes: ServiceUserScopes,
  ) {}

  async scoped(actor: Actor) {
    const qb = this.dataSource
      .getRepository(SupportEpisode)
      .createQueryBuilder('ep')
      .innerJoinAndSelect('ep.site', 'site')
      .innerJoinAndSelect('ep.serviceUser', 'su');
    return ServiceUserScopes.restrict(qb, 'su', await this.scopes.of(actor));
  }

  /** `patient` / `subject`: a Patient reference; another type or a malformed id matches nothing. */
  static byPatient(qb: Awaited<ReturnType<SupportEpisodeQueries['scoped']>>, value: string) {
    const id = referencedId(value, 'Patient');
    return id && isRecordId(id)
      ? qb.andWhere('ep.serviceUserId = :patientId', { patientId: id })
      : qb.andWhere('false');
  }
}

@Injectable()
export class EpisodeOfCareResource implements FhirResourceDefinition<EpisodeOfCare> {
  readonly type = 'EpisodeOfCare';
  readonly profile = UK_CORE_PROFILE('EpisodeOfCare');
  readonly documentation = "A support episode: one service user's course of peer support, from referral to ending";
  readonly searchParams = {
    patient: { type: 'reference' as const, documentation: 'The service user: Patient/<id> or <id>' },
    status: {
      type: 'token' as const,
      negatable: true,
      documentation:
        'planned | waitlist | active | onhold | finished | cancelled (comma-separated for any of them; status:not= for none of them)',
    },
    'care-manager': { type: 'reference' as const, documentation: 'The paired peer worker: Practitioner/<id> or <id>' },
  };

  constructor(private readonly episodes: SupportEpisodeQueries) {}

  private match = (ep: SupportEpisode): FhirMatch<EpisodeOfCare> => ({
    resource: toEpisodeOfCare(ep, ep.site!),
    serviceUserId: ep.serviceUserId,
  });

  async read(actor: Actor, id: string) {
    if (!isRecordId(id)) return null;
    const ep = await (await this.episodes.scoped(actor)).andWhere('ep.id = :id', { id }).getOne();
    return ep ? this.match(ep) : null;
  }

  async search(actor: Actor, search: SearchRequest) {
    const qb = await this.episodes.scoped(actor);
    if (search.ids) qb.andWhere('ep.id = ANY(:ids::uuid[])', { ids: search.ids.filter(isRecordId) });
    if (search.params.patient !== undefined) SupportEpisodeQueries.byPatient(qb, search.params.patient);
    for (const name of ['status', 'status:not'] as const) {
      if (search.params[name] === undefined) continue;
      const states = search.params[name].split(',').flatMap((status) => {
        const mapped = statesForEpisodeOfCareStatus(status.trim());
        if (!mapped) throw invalidSearch(name, `"${status}" is not an EpisodeOfCare status`);
        return mapped;
      });
      qb.andWhere(
        name === 'status' ? 'ep.state = ANY(:states::text[])' : 'NOT (ep.state = ANY(:notStates::text[]))',
        name === 'status' ? { states } : { notStates: states },
      );
    }
    if (search.params['care-manager'] !== undefined) {
      const id = referencedId(search.params['care-manager'], 'Practitioner');
      if (id && isRecordId(id)) qb.andWhere('ep.peerWorkerId = :peerWorkerId', { peerWorkerId: id });
      else qb.andWhere('false');
    }
    const { total, rows } = await pageOf(qb, 'ep', search);
    return { total, matches: rows.map(this.match) };
  }
}
