import { Injectable } from '@nestjs/common';
import type { CarePlan } from '@medplum/fhirtypes';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { CommunityPlansRepository } from '../../../delivery/step-down/community-plans.repository';
import {
  EpisodeReadsRepository,
  type EpisodeStateMatch,
  type EpisodeWithPlace,
} from '../../../episodes/episode-reads.repository';
import { ServiceUserScopes } from '../../../service-users/service-user-scope.service';
import { invalidSearch } from '../fhir-errors';
import { isRecordId, SearchRequest } from '../fhir-search';
import { UK_CORE_PROFILE } from '../fhir-vocabulary';
import { CARE_PLAN_STATUS_STATES, toCarePlan } from '../mappers/care-plan.mapper';
import { FhirMatch, FhirResourceDefinition, idsOf, referenceFilter } from './fhir-resource-definition';

const STATUSES = Object.keys(CARE_PLAN_STATUS_STATES) as (keyof typeof CARE_PLAN_STATUS_STATES)[];

/**
 * The community plan of each support episode that has one (same id as the episode), scoped exactly as
 * EpisodeOfCare is. The episodes are read through the episodes area's EpisodeReadsRepository; the contacts
 * and the plan's change log through the delivery area's CommunityPlansRepository, never their entities.
 */
@Injectable()
export class CarePlanResource implements FhirResourceDefinition<CarePlan> {
  readonly type = 'CarePlan';
  readonly profile = UK_CORE_PROFILE('CarePlan');
  readonly documentation =
    "A support episode's community plan after discharge: one activity per planned contact (intensive period, step-down, ending session), with its status";
  readonly searchParams = {
    patient: { type: 'reference' as const, documentation: 'The service user: Patient/<id> or <id>' },
    subject: { type: 'reference' as const, documentation: 'Same as patient' },
    status: {
      type: 'token' as const,
      negatable: true,
      documentation: `${STATUSES.join(' | ')} (comma-separated for any of them; status:not= for none of them)`,
    },
  };

  constructor(
    private readonly episodes: EpisodeReadsRepository,
    private readonly scopes: ServiceUserScopes,
    private readonly plans: CommunityPlansRepository,
  ) {}

  /** The contacts and change log of a page of episodes, in two queries. */
  private async matches(episodes: EpisodeWithPlace[], manager?: EntityManager): Promise<FhirMatch<CarePlan>[]> {
    if (episodes.length === 0) return [];
    const ids = episodes.map((ep) => ep.id);
    const [contacts, histories] = await Promise.all([
      this.plans.contactsOf(ids, manager),
      this.plans.historyOf(ids, manager),
    ]);
    return episodes.map((ep) => ({
      resource: toCarePlan(
        ep,
        contacts.filter((c) => c.episode_id === ep.id),
        histories.find((h) => h.episode_id === ep.id),
      ),
      serviceUserId: ep.serviceUserId,
    }));
  }

  async read(actor: Actor, id: string) {
    if (!isRecordId(id)) return null;
    const ep = await this.episodes.readWithPlace(await this.scopes.of(actor), id, { withCommunityPlan: true });
    return ep ? (await this.matches([ep]))[0] : null;
  }

  /** The episode states behind `status` (or `status:not`), or undefined when not given. */
  private statesOf(search: SearchRequest, name: 'status' | 'status:not'): EpisodeStateMatch[] | undefined {
    if (search.params[name] === undefined) return undefined;
    const wanted = search.params[name].split(',').map((s) => s.trim());
    const unknown = wanted.find((s) => !(STATUSES as string[]).includes(s));
    if (unknown !== undefined)
      throw invalidSearch(name, `"${unknown}" is not a CarePlan status served here; use ${STATUSES.join(', ')}`);
    return wanted.map((status) => CARE_PLAN_STATUS_STATES[status as (typeof STATUSES)[number]]);
  }

  async search(actor: Actor, search: SearchRequest, read: EntityManager) {
    const patient = referenceFilter([search.params.patient, search.params.subject], 'Patient');
    const { total, rows } = await this.episodes.searchWithPlace(
      await this.scopes.of(actor),
      {
        ids: idsOf(search),
        serviceUserId: patient.id,
        nothing: patient.nothing,
        anyOf: this.statesOf(search, 'status'),
        noneOf: this.statesOf(search, 'status:not'),
        withCommunityPlan: true,
      },
      search,
      read,
    );
    return { total, matches: await this.matches(rows, read) };
  }
}
