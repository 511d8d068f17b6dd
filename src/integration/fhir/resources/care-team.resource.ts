import { Injectable } from '@nestjs/common';
import type { CareTeam } from '@medplum/fhirtypes';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { EpisodeReadsRepository, type EpisodeWithPlace } from '../../../episodes/episode-reads.repository';
import { ServiceUserScopes } from '../../../service-users/service-user-scope.service';
import { SitesService } from '../../../sites/sites.service';
import { UsersService } from '../../../users/users.service';
import { PeerWorkerReadsRepository } from '../../../workforce/peer-workers/peer-worker-reads.repository';
import { isRecordId, SearchRequest } from '../fhir-search';
import { toCareTeam } from '../mappers/episode-of-care.mapper';
import { UK_CORE_PROFILE } from '../fhir-vocabulary';
import { FhirMatch, FhirResourceDefinition, idsOf, referenceFilter } from './fhir-resource-definition';

const distinct = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];

/**
 * The team around each support episode (same id as the episode). Each member is read from the area that owns
 * them: the episode from episodes, the peer worker and the site's named coordinator from the workforce, the
 * coordinator's name from users, the ward from sites.
 */
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
    private readonly episodes: EpisodeReadsRepository,
    private readonly scopes: ServiceUserScopes,
    private readonly peerWorkers: PeerWorkerReadsRepository,
    private readonly users: UsersService,
    private readonly sites: SitesService,
  ) {}

  /** Peer workers, coordinators (then their names) and wards for a page of episodes, in four queries. */
  private async matches(episodes: EpisodeWithPlace[], manager?: EntityManager): Promise<FhirMatch<CareTeam>[]> {
    const [peerWorkers, wards, coordinators] = await Promise.all([
      this.peerWorkers.namesOf(distinct(episodes.map((ep) => ep.peerWorkerId)), manager),
      this.sites.wardNamesOf(distinct(episodes.map((ep) => ep.serviceUser.wardId)), manager),
      this.peerWorkers.coordinatorsOf(distinct(episodes.map((ep) => ep.siteId)), manager),
    ]);
    const names = await this.users.namesOf(distinct(coordinators.map((c) => c.coordinatorUserId)), manager);
    return episodes.map((ep) => {
      const coordinator = coordinators.find((c) => c.siteId === ep.siteId);
      const coordinatorName = names.find((n) => n.id === coordinator?.coordinatorUserId);
      return {
        resource: toCareTeam(ep, ep.site, {
          peerWorker: peerWorkers.find((pw) => pw.id === ep.peerWorkerId) ?? null,
          coordinator: coordinatorName ? { displayName: coordinatorName.displayName } : null,
          ward: wards.find((w) => w.id === ep.serviceUser.wardId) ?? null,
        }),
        serviceUserId: ep.serviceUserId,
      };
    });
  }

  async read(actor: Actor, id: string) {
    if (!isRecordId(id)) return null;
    const ep = await this.episodes.readWithPlace(await this.scopes.of(actor), id);
    return ep ? (await this.matches([ep]))[0] : null;
  }

  async search(actor: Actor, search: SearchRequest, read: EntityManager) {
    const patient = referenceFilter([search.params.patient, search.params.subject], 'Patient');
    const { total, rows } = await this.episodes.searchWithPlace(
      await this.scopes.of(actor),
      { ids: idsOf(search), serviceUserId: patient.id, nothing: patient.nothing },
      search,
      read,
    );
    return { total, matches: await this.matches(rows, read) };
  }
}
