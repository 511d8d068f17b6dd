import { Injectable } from '@nestjs/common';
import type { CarePlan } from '@medplum/fhirtypes';
import { Brackets, NotBrackets, WhereExpressionBuilder } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { CommunityPlansRepository } from '../../../delivery/step-down/community-plans.repository';
import type { SupportEpisode } from '../../../episodes/entities/support-episode.entity';
import { invalidSearch } from '../fhir-errors';
import { isRecordId, SearchRequest } from '../fhir-search';
import { UK_CORE_PROFILE } from '../fhir-vocabulary';
import { CARE_PLAN_STATUS_SQL, toCarePlan } from '../mappers/care-plan.mapper';
import { SupportEpisodeQueries } from './episode-of-care.resource';
import { FhirMatch, FhirResourceDefinition, pageOf } from './fhir-resource-definition';

const STATUSES = Object.keys(CARE_PLAN_STATUS_SQL) as (keyof typeof CARE_PLAN_STATUS_SQL)[];

/**
 * The community plan of each support episode that has one (same id as the episode), scoped exactly as
 * EpisodeOfCare is. The contacts and the plan's change log are read through the delivery area's
 * CommunityPlansRepository, never its entities.
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
    private readonly episodes: SupportEpisodeQueries,
    private readonly plans: CommunityPlansRepository,
  ) {}

  private async withPlan(actor: Actor) {
    return (await this.episodes.scoped(actor)).andWhere(CommunityPlansRepository.hasPlan('ep'));
  }

  /** The contacts and change log of a page of episodes, in two queries. */
  private async matches(episodes: SupportEpisode[]): Promise<FhirMatch<CarePlan>[]> {
    if (episodes.length === 0) return [];
    const ids = episodes.map((ep) => ep.id);
    const [contacts, histories] = await Promise.all([this.plans.contactsOf(ids), this.plans.historyOf(ids)]);
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
    const ep = await (await this.withPlan(actor)).andWhere('ep.id = :id', { id }).getOne();
    return ep ? (await this.matches([ep]))[0] : null;
  }

  async search(actor: Actor, search: SearchRequest) {
    const qb = await this.withPlan(actor);
    if (search.ids) qb.andWhere('ep.id = ANY(:ids::uuid[])', { ids: search.ids.filter(isRecordId) });
    for (const name of ['patient', 'subject'])
      if (search.params[name] !== undefined) SupportEpisodeQueries.byPatient(qb, search.params[name]);
    for (const name of ['status', 'status:not'] as const) {
      if (search.params[name] === undefined) continue;
      const wanted = search.params[name].split(',').map((s) => s.trim());
      const unknown = wanted.find((s) => !(STATUSES as string[]).includes(s));
      if (unknown !== undefined)
        throw invalidSearch(name, `"${unknown}" is not a CarePlan status served here; use ${STATUSES.join(', ')}`);
      const anyOf = (w: WhereExpressionBuilder) => {
        w.where('false');
        for (const status of wanted) w.orWhere(CARE_PLAN_STATUS_SQL[status as (typeof STATUSES)[number]]('ep'));
      };
      qb.andWhere(name === 'status' ? new Brackets(anyOf) : new NotBrackets(anyOf));
    }
    const { total, rows } = await pageOf(qb, 'ep', search);
    return { total, matches: await this.matches(rows) };
  }
}
