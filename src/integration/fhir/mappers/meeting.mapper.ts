import { UK_CORE_PROFILE } from '../fhir-vocabulary';
import type { Appointment, Coding, Encounter, EncounterLocation } from '@medplum/fhirtypes';
import type { Meeting } from '../../../delivery/meetings/entities/meeting.entity';
import type { MeetingMode, MeetingSetting, MeetingStatus } from '../../../common/vocabulary/meeting-vocabulary';
import { organisationReference, SiteFacts } from './organisation-reference';

export const V3_ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const LOCATION_PHYSICAL_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
export const PARTICIPATION_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

const ACT_CODES = {
  IMP: 'inpatient encounter',
  HH: 'home health',
  AMB: 'ambulatory',
  VR: 'virtual',
} as const;

const REMOTE_MODES: readonly MeetingMode[] = ['telephone', 'video', 'text_or_social_message'];

/**
 * The encounter class (v3 ActCode) of a meeting: remote contact (telephone, video, messages, or an
 * online setting) is VR; in person, a ward meeting is IMP (the service user is an inpatient), a
 * home visit is HH, anywhere else in the community (a venue, a public place, an accompanied
 * activity) is AMB.
 */
export function encounterClassOf(mode: MeetingMode, setting: MeetingSetting): Coding {
  const code: keyof typeof ACT_CODES =
    REMOTE_MODES.includes(mode) || setting === 'online'
      ? 'VR'
      : setting === 'ward'
        ? 'IMP'
        : setting === 'service_user_home'
          ? 'HH'
          : 'AMB';
  return { system: V3_ACT_CODE_SYSTEM, code, display: ACT_CODES[code] };
}

/** Where an in-person meeting took place, as a location physical type (an online meeting has no place). */
const PHYSICAL_TYPE: Record<MeetingSetting, { code: string; display: string } | null> = {
  ward: { code: 'wa', display: 'Ward' },
  service_user_home: { code: 'ho', display: 'House' },
  community_venue: { code: 'bu', display: 'Building' },
  public_place: { code: 'area', display: 'Area' },
  online: null,
};

const SETTING_TEXT: Record<MeetingSetting, string> = {
  ward: 'On the ward',
  service_user_home: "The service user's home",
  community_venue: 'A community venue',
  public_place: 'A public place',
  online: 'Online',
};

export function encounterLocationOf(setting: MeetingSetting): EncounterLocation[] | undefined {
  const type = PHYSICAL_TYPE[setting];
  if (!type) return undefined;
  // ENRICH does not serve Location resources (nor keep addresses of meetings): a display-only reference with the type.
  return [
    {
      location: { display: SETTING_TEXT[setting] },
      status: 'completed',
      physicalType: { coding: [{ system: LOCATION_PHYSICAL_TYPE_SYSTEM, ...type }], text: type.display },
    },
  ];
}

const PEER_SUPPORT = { text: 'Peer support for discharge' };
type MeetingFacts = Pick<
  Meeting,
  'id' | 'version' | 'updatedAt' | 'mode' | 'serviceUserId' | 'episodeId' | 'peerWorkerId'
>;
/** What an Encounter shows of a held meeting. */
export type HeldMeetingFacts = MeetingFacts & Pick<Meeting, 'setting' | 'actualStartAt' | 'actualEndAt'>;
/** What an Appointment shows of a meeting as planned. */
export type PlannedMeetingFacts = MeetingFacts &
  Pick<
    Meeting,
    | 'createdAt'
    | 'status'
    | 'plannedStartAt'
    | 'plannedDurationMinutes'
    | 'cancelledBy'
    | 'rescheduledFromId'
    | 'rescheduledToId'
  >;

const meta = (meeting: Pick<Meeting, 'version' | 'updatedAt'>, profile: 'Encounter' | 'Appointment') => ({
  versionId: String(meeting.version),
  lastUpdated: meeting.updatedAt.toISOString(),
  profile: [UK_CORE_PROFILE(profile)],
});

/** A held meeting as an Encounter: class from mode and setting, actual period, the peer worker, the episode. */
export function toEncounter(meeting: HeldMeetingFacts, site: SiteFacts): Encounter {
  const period = { start: meeting.actualStartAt!.toISOString(), end: meeting.actualEndAt!.toISOString() };
  const location = encounterLocationOf(meeting.setting);
  return {
    resourceType: 'Encounter',
    id: meeting.id,
    meta: meta(meeting, 'Encounter'),
    status: 'finished',
    class: encounterClassOf(meeting.mode, meeting.setting),
    serviceType: PEER_SUPPORT,
    subject: { reference: `Patient/${meeting.serviceUserId}` },
    episodeOfCare: [{ reference: `EpisodeOfCare/${meeting.episodeId}` }],
    participant: [
      {
        type: [
          {
            coding: [{ system: PARTICIPATION_TYPE_SYSTEM, code: 'PPRF', display: 'primary performer' }],
            text: 'Peer worker',
          },
        ],
        period,
        individual: { reference: `Practitioner/${meeting.peerWorkerId}` },
      },
    ],
    appointment: [{ reference: `Appointment/${meeting.id}` }],
    period,
    length: {
      value: Math.round((meeting.actualEndAt!.getTime() - meeting.actualStartAt!.getTime()) / 60_000),
      unit: 'min',
      system: 'http://unitsofmeasure.org',
      code: 'min',
    },
    ...(location ? { location } : {}),
    serviceProvider: organisationReference(site),
  };
}

/** A meeting's status as an Appointment status; a rescheduled meeting is cancelled, with a note of its replacement. */
export const APPOINTMENT_STATUS: Record<MeetingStatus, Appointment['status']> = {
  planned: 'booked',
  held: 'fulfilled',
  missed: 'noshow',
  cancelled: 'cancelled',
  rescheduled: 'cancelled',
};

const PARTY_TEXT = { service_user: 'the service user', peer_worker: 'the peer worker' } as const;

/** Each meeting as an Appointment: planned start and end, the service user and the peer worker. */
export function toAppointment(meeting: PlannedMeetingFacts): Appointment {
  const start = meeting.plannedStartAt;
  const end = new Date(start.getTime() + meeting.plannedDurationMinutes * 60_000);
  const comment =
    meeting.status === 'rescheduled'
      ? `Rescheduled${meeting.rescheduledToId ? `: replaced by Appointment/${meeting.rescheduledToId}` : ''}`
      : meeting.rescheduledFromId
        ? `Rescheduled from Appointment/${meeting.rescheduledFromId}`
        : undefined;
  // The reason given in words is not shared (it may say more about the person than a Trust system needs): who cancelled is.
  const cancelationReason =
    meeting.status === 'rescheduled'
      ? { text: 'Rescheduled' }
      : meeting.status === 'cancelled' && meeting.cancelledBy
        ? { text: `Cancelled by ${PARTY_TEXT[meeting.cancelledBy]}` }
        : undefined;
  // Whoever cancelled declined the appointment; everyone else had accepted it.
  const declinedBy = meeting.status === 'cancelled' ? meeting.cancelledBy : null;
  return {
    resourceType: 'Appointment',
    id: meeting.id,
    meta: meta(meeting, 'Appointment'),
    status: APPOINTMENT_STATUS[meeting.status],
    ...(cancelationReason ? { cancelationReason } : {}),
    serviceType: [PEER_SUPPORT],
    appointmentType: { text: meeting.mode.replace(/_/g, ' ') },
    start: start.toISOString(),
    end: end.toISOString(),
    minutesDuration: meeting.plannedDurationMinutes,
    created: meeting.createdAt.toISOString(),
    ...(comment ? { comment } : {}),
    supportingInformation: [{ reference: `EpisodeOfCare/${meeting.episodeId}` }],
    participant: [
      {
        actor: { reference: `Patient/${meeting.serviceUserId}` },
        required: 'required',
        status: declinedBy === 'service_user' ? 'declined' : 'accepted',
      },
      {
        actor: { reference: `Practitioner/${meeting.peerWorkerId}` },
        required: 'required',
        status: declinedBy === 'peer_worker' ? 'declined' : 'accepted',
      },
    ],
  };
}
