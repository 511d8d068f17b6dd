import { Injectable } from '@nestjs/common';
import type { EpisodeOfCare } from '@medplum/fhirtypes';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { EpisodeReadsRepository, type EpisodeWithPlace } from '../../../episodes/episode-reads.repository';
import { ServiceUserScopes } from '../../../service-users/service-user-scope.service';
import { invalidSearch } from '../fhir-errors';
import { isRecordId, SearchRequest } from '../fhir-search';
import { statesForEpisodeOfCareStatus } from '../fhir-vocabulary';
import { toEpisodeOfCare } from '../mappers/episode-of-care.mapper';
import { UK_CORE_PROFILE } from '../fhir-vocabulary';
import { FhirMatch, FhirResourceDefinition, idsOf, referenceFilter } from './fhir-resource-definition';

/**
 * Support episodes, scoped through their service user exactly as the REST API scopes them. Read through the
 * episodes area's EpisodeReadsRepository, never its entities.
 */
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

  constructor(
    private readonly episodes: EpisodeReadsRepository,
    private readonly scopes: ServiceUserScopes,
  ) {}

  private match = (ep: EpisodeWithPlace): FhirMatch<EpisodeOfCare> => ({
    resource: toEpisodeOfCare(ep, ep.site),
    serviceUserId: ep.serviceUserId,
  });

  async read(actor: Actor, id: string) {
    if (!isRecordId(id)) return null;
    const ep = await this.episodes.readWithPlace(await this.scopes.of(actor), id);
    return ep ? this.match(ep) : null;
  }

  async search(actor: Actor, search: SearchRequest, read: EntityManager) {
    const patient = referenceFilter([search.params.patient], 'Patient');
    const careManager = referenceFilter([search.params['care-manager']], 'Practitioner');
    const statesOf = (name: 'status' | 'status:not') =>
      search.params[name] === undefined
        ? undefined
        : [
            {
              states: search.params[name].split(',').flatMap((status) => {
                const mapped = statesForEpisodeOfCareStatus(status.trim());
                if (!mapped) throw invalidSearch(name, `"${status}" is not an EpisodeOfCare status`);
                return mapped;
              }),
            },
          ];
    const { total, rows } = await this.episodes.searchWithPlace(
      await this.scopes.of(actor),
      {
        ids: idsOf(search),
        serviceUserId: patient.id,
        peerWorkerId: careManager.id,
        nothing: patient.nothing || careManager.nothing,
        anyOf: statesOf('status'),
        noneOf: statesOf('status:not'),
      },
      search,
      read,
    );
    return { total, matches: rows.map(this.match) };
  }
}
