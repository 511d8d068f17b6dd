import { Injectable } from '@nestjs/common';
import type { Appointment, Encounter } from '@medplum/fhirtypes';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import type { MeetingStatus } from '../../../common/vocabulary/meeting-vocabulary';
import {
  MeetingReadsRepository,
  type HeldMeetingRow,
  type MeetingPageRequest,
  type MeetingSearch,
  type PlannedMeetingRow,
} from '../../../delivery/meetings/meeting-reads.repository';
import { ServiceUserScopes } from '../../../service-users/service-user-scope.service';
import { dateSearchBounds } from '../fhir-date-search';
import { invalidSearch } from '../fhir-errors';
import { isRecordId, SearchRequest } from '../fhir-search';
import { APPOINTMENT_STATUS, toAppointment, toEncounter } from '../mappers/meeting.mapper';
import { UK_CORE_PROFILE } from '../fhir-vocabulary';
import { FhirMatch, FhirResourceDefinition, idsOf, referenceFilter } from './fhir-resource-definition';

/** What Encounter and Appointment searches share: `_id`, patient, practitioner, and `date` as bounds on the start. */
function meetingSearch(search: SearchRequest, episodeParam?: string): MeetingSearch {
  const patient = referenceFilter([search.params.patient], 'Patient');
  const practitioner = referenceFilter([search.params.practitioner], 'Practitioner');
  const episode = referenceFilter([episodeParam], 'EpisodeOfCare');
  return {
    ids: idsOf(search),
    serviceUserId: patient.id,
    peerWorkerId: practitioner.id,
    episodeId: episode.id,
    nothing: patient.nothing || practitioner.nothing || episode.nothing,
    // `date=ge…&date=le…`: every value narrows the start further.
    startBounds: (search.repeated.date ?? []).flatMap((value) => dateSearchBounds('date', value)),
  };
}

/** `_sort=date` sorts on the start the date parameter searches. */
const page = (search: SearchRequest): MeetingPageRequest => ({
  offset: search.offset,
  count: search.count,
  sort: search.sort.map((key) => ({ ...key, param: key.param === 'date' ? 'start' : key.param })),
});

/**
 * Held meetings, scoped exactly as support episodes are (through the episode and its service user), read
 * through the delivery area's MeetingReadsRepository: the columns the Encounter shows, in one query a page.
 */
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

  constructor(
    private readonly meetings: MeetingReadsRepository,
    private readonly scopes: ServiceUserScopes,
  ) {}

  private match = (m: HeldMeetingRow): FhirMatch<Encounter> => ({
    resource: toEncounter(m, m.site),
    serviceUserId: m.serviceUserId,
  });

  async read(actor: Actor, id: string) {
    if (!isRecordId(id)) return null;
    const m = await this.meetings.readHeld(await this.scopes.of(actor), id);
    return m ? this.match(m) : null;
  }

  async search(actor: Actor, search: SearchRequest, read: EntityManager) {
    const filter = meetingSearch(search, search.params['episode-of-care']);
    const { total, rows } = await this.meetings.searchHeld(await this.scopes.of(actor), filter, page(search), read);
    return { total, matches: rows.map(this.match) };
  }
}

const APPOINTMENT_STATUSES = ['booked', 'fulfilled', 'noshow', 'cancelled'];

/** Meetings as planned, scoped and read as Encounters are. */
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

  constructor(
    private readonly meetings: MeetingReadsRepository,
    private readonly scopes: ServiceUserScopes,
  ) {}

  private match = (m: PlannedMeetingRow): FhirMatch<Appointment> => ({
    resource: toAppointment(m),
    serviceUserId: m.serviceUserId,
  });

  async read(actor: Actor, id: string) {
    if (!isRecordId(id)) return null;
    const m = await this.meetings.readAsPlanned(await this.scopes.of(actor), id);
    return m ? this.match(m) : null;
  }

  /** The meeting statuses behind `status` (or `status:not`), or undefined when not given. */
  private statusesOf(search: SearchRequest, name: 'status' | 'status:not'): MeetingStatus[] | undefined {
    if (search.params[name] === undefined) return undefined;
    const wanted = search.params[name].split(',').map((s) => s.trim());
    const unknown = wanted.find((s) => !APPOINTMENT_STATUSES.includes(s));
    if (unknown !== undefined)
      throw invalidSearch(
        name,
        `"${unknown}" is not an Appointment status served here; use ${APPOINTMENT_STATUSES.join(', ')}`,
      );
    return (Object.entries(APPOINTMENT_STATUS) as [MeetingStatus, string][])
      .filter(([, s]) => wanted.includes(s))
      .map(([status]) => status);
  }

  async search(actor: Actor, search: SearchRequest, read: EntityManager) {
    const filter: MeetingSearch = {
      ...meetingSearch(search),
      statuses: this.statusesOf(search, 'status'),
      notStatuses: this.statusesOf(search, 'status:not'),
    };
    const { total, rows } = await this.meetings.searchAsPlanned(
      await this.scopes.of(actor),
      filter,
      page(search),
      read,
    );
    return { total, matches: rows.map(this.match) };
  }
}
