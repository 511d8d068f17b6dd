import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Appointment, Encounter } from '@medplum/fhirtypes';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { Meeting } from '../../../delivery/meetings/entities/meeting.entity';
import { SupportEpisode } from '../../../episodes/entities/support-episode.entity';
import { ServiceUser } from '../../../service-users/entities/service-user.entity';
import { ServiceUserScopes } from '../../../service-users/service-user-scope.service';
import { Site } from '../../../sites/entities/site.entity';
import { dateSearchBounds } from '../fhir-date-search';
import { invalidSearch } from '../fhir-errors';
import { isRecordId, referencedId, SearchRequest } from '../fhir-search';
import { APPOINTMENT_STATUS, toAppointment, toEncounter } from '../mappers/meeting.mapper';
import { UK_CORE_PROFILE } from '../fhir-vocabulary';
import { FhirMatch, FhirResourceDefinition, pageOf } from './fhir-resource-definition';

/**
 * Meetings, scoped exactly as support episodes are (through the episode and its service user). The
 * sensitive note is never selected (select: false on the entity).
 */
@Injectable()
export class MeetingQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scopes: ServiceUserScopes,
  ) {}

  async scoped(actor: Actor): Promise<SelectQueryBuilder<Meeting>> {
    const qb = this.dataSource
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .innerJoin(SupportEpisode, 'ep', 'ep.id = m.episodeId')
      .innerJoin(ServiceUser, 'su', 'su.id = m.serviceUserId')
      .innerJoinAndMapOne('m.site', Site, 'site', 'site.id = m.siteId');
    return ServiceUserScopes.restrictEpisodes(qb, 'ep', 'su', await this.scopes.of(actor));
  }

  /** Reference parameters: another type or a malformed id matches nothing. */
  static byReference(qb: SelectQueryBuilder<Meeting>, column: string, value: string, type: string, name: string) {
    const id = referencedId(value, type);
    return id && isRecordId(id) ? qb.andWhere(`${column} = :${name}`, { [name]: id }) : qb.andWhere('false');
  }

  /** `date=ge…&date=le…`: every value narrows the instant column further. */
  static byDate(qb: SelectQueryBuilder<Meeting>, column: string, values: string[] | undefined) {
    (values ?? [])
      .flatMap((value) => dateSearchBounds('date', value))
      .forEach((bound, i) => qb.andWhere(`${column} ${bound.op} :date${i}`, { [`date${i}`]: bound.at }));
    return qb;
  }
}

type MeetingWithSite = Meeting & { site: Site };

@Injectable()
export class EncounterResource implements FhirResourceDefinition<Encounter> {
  readonly type = 'Encounter';
  readonly profile = UK_CORE_PROFILE('Encounter');
  readonly documentation =
    'A meeting held between a peer worker and a service user (period = when it actually happened)';
  readonly searchParams = {
    patient: { type: 'reference' as const, documentation: 'The service user: Patient/<id> or <id>' },
    'episode-of-care': { type: 'reference' as const, documentation: 'The support episode: EpisodeOfCare/<id> or <id>' },
    practitioner: { type: 'reference' as const, documentation: 'The peer worker: Practitioner/<id> or <id>' },
    date: {
      type: 'date' as const,
      documentation:
        'When the meeting started: eq, ge, le, gt, lt + YYYY-MM-DD (a London day) or a date-time; repeat to give a range',
    },
  };

  constructor(private readonly meetings: MeetingQueries) {}

  private match = (m: Meeting): FhirMatch<Encounter> => ({
    resource: toEncounter(m, (m as MeetingWithSite).site),
    serviceUserId: m.serviceUserId,
  });

  private async held(actor: Actor) {
    return (await this.meetings.scoped(actor)).andWhere(`m.status = 'held'`);
  }

  async read(actor: Actor, id: string) {
    if (!isRecordId(id)) return null;
    const m = await (await this.held(actor)).andWhere('m.id = :id', { id }).getOne();
    return m ? this.match(m) : null;
  }

  async search(actor: Actor, search: SearchRequest) {
    const qb = await this.held(actor);
    if (search.ids) qb.andWhere('m.id = ANY(:ids::uuid[])', { ids: search.ids.filter(isRecordId) });
    if (search.params.patient !== undefined)
      MeetingQueries.byReference(qb, 'm.serviceUserId', search.params.patient, 'Patient', 'patientId');
    if (search.params['episode-of-care'] !== undefined)
      MeetingQueries.byReference(qb, 'm.episodeId', search.params['episode-of-care'], 'EpisodeOfCare', 'episodeId');
    if (search.params.practitioner !== undefined)
      MeetingQueries.byReference(qb, 'm.peerWorkerId', search.params.practitioner, 'Practitioner', 'peerWorkerId');
    MeetingQueries.byDate(qb, 'm.actualStartAt', search.repeated.date);
    const { total, rows } = await pageOf(qb, 'm', search, { date: 'm.actualStartAt' });
    return { total, matches: rows.map(this.match) };
  }
}

@Injectable()
export class AppointmentResource implements FhirResourceDefinition<Appointment> {
  readonly type = 'Appointment';
  readonly profile = UK_CORE_PROFILE('Appointment');
  readonly documentation =
    'A meeting as planned (booked, fulfilled, noshow, or cancelled — a rescheduled meeting is cancelled, with a note of its replacement)';
  readonly searchParams = {
    patient: { type: 'reference' as const, documentation: 'The service user: Patient/<id> or <id>' },
    practitioner: { type: 'reference' as const, documentation: 'The peer worker: Practitioner/<id> or <id>' },
    status: {
      type: 'token' as const,
      negatable: true,
      documentation:
        'booked | fulfilled | noshow | cancelled (comma-separated for any of them; status:not= for none of them)',
    },
    date: {
      type: 'date' as const,
      documentation:
        'The planned start: eq, ge, le, gt, lt + YYYY-MM-DD (a London day) or a date-time; repeat to give a range',
    },
  };

  constructor(private readonly meetings: MeetingQueries) {}

  private match = (m: Meeting): FhirMatch<Appointment> => ({
    resource: toAppointment(m),
    serviceUserId: m.serviceUserId,
  });

  async read(actor: Actor, id: string) {
    if (!isRecordId(id)) return null;
    const m = await (await this.meetings.scoped(actor)).andWhere('m.id = :id', { id }).getOne();
    return m ? this.match(m) : null;
  }

  async search(actor: Actor, search: SearchRequest) {
    const qb = await this.meetings.scoped(actor);
    if (search.ids) qb.andWhere('m.id = ANY(:ids::uuid[])', { ids: search.ids.filter(isRecordId) });
    if (search.params.patient !== undefined)
      MeetingQueries.byReference(qb, 'm.serviceUserId', search.params.patient, 'Patient', 'patientId');
    if (search.params.practitioner !== undefined)
      MeetingQueries.byReference(qb, 'm.peerWorkerId', search.params.practitioner, 'Practitioner', 'peerWorkerId');
    for (const name of ['status', 'status:not'] as const) {
      if (search.params[name] === undefined) continue;
      const wanted = search.params[name].split(',').map((s) => s.trim());
      const known = ['booked', 'fulfilled', 'noshow', 'cancelled'];
      const unknown = wanted.find((s) => !known.includes(s));
      if (unknown !== undefined)
        throw invalidSearch(name, `"${unknown}" is not an Appointment status served here; use ${known.join(', ')}`);
      const statuses = (Object.entries(APPOINTMENT_STATUS) as [string, string][])
        .filter(([, s]) => wanted.includes(s))
        .map(([status]) => status);
      qb.andWhere(
        name === 'status' ? 'm.status = ANY(:statuses::text[])' : 'NOT (m.status = ANY(:notStatuses::text[]))',
        name === 'status' ? { statuses } : { notStatuses: statuses },
      );
    }
    MeetingQueries.byDate(qb, 'm.plannedStartAt', search.repeated.date);
    const { total, rows } = await pageOf(qb, 'm', search, { date: 'm.plannedStartAt' });
    return { total, matches: rows.map(this.match) };
  }
}
