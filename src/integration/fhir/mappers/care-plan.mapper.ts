import type { CarePlan, CarePlanActivity } from '@medplum/fhirtypes';
import type {
  CommunityPlanHistoryRow,
  PlannedContactRow,
} from '../../../delivery/step-down/community-plans.repository';
import type { ContactPhase } from '../../../delivery/step-down/community-plan';
import type { PlannedContactStatus } from '../../../delivery/step-down/entities/planned-contact.entity';
import type { SupportEpisode } from '../../../episodes/entities/support-episode.entity';
import type { EpisodeStateMatch } from '../../../episodes/episode-reads.repository';
import { SUPPORT_EPISODE_STATES, type SupportEpisodeState } from '../../../episodes/support-episode.state-machine';
import { UK_CORE_PROFILE } from '../fhir-vocabulary';

type CarePlanStatus = CarePlan['status'];
type ActivityStatus = NonNullable<CarePlanActivity['detail']>['status'];

/**
 * The plan's status follows its episode: active during community support and the step-down, on hold while
 * the service user is readmitted (the contacts are suspended), completed when the ending session was held
 * (planned ending), revoked when the episode ended any other way (the rest of the plan was cancelled).
 */
export function carePlanStatusOf(episode: Pick<SupportEpisode, 'state' | 'endingReason'>): CarePlanStatus {
  if (episode.state === 'ended') return episode.endingReason === 'planned_ending' ? 'completed' : 'revoked';
  if (episode.state === 'community_support' || episode.state === 'step_down') return 'active';
  return 'on-hold';
}

/** Episode states behind each CarePlan status we serve (for `CarePlan?status=`): the inverse of carePlanStatusOf. */
export const CARE_PLAN_STATUS_STATES: Record<'active' | 'on-hold' | 'completed' | 'revoked', EpisodeStateMatch> = {
  active: { states: ['community_support', 'step_down'] },
  'on-hold': { states: SUPPORT_EPISODE_STATES.filter((s) => !['community_support', 'step_down', 'ended'].includes(s)) },
  completed: { states: ['ended'], endedAsPlanned: true },
  revoked: { states: ['ended'], endedAsPlanned: false },
};

/**
 * A planned contact's status as a CarePlan activity status (R4 care-plan-activity-status): planned →
 * scheduled, held → completed, missed → cancelled (with the reason "Missed": it was due and did not take
 * place), suspended (by a readmission) → on-hold, cancelled (no longer needed by the plan) → cancelled.
 */
export const ACTIVITY_STATUS: Record<PlannedContactStatus, ActivityStatus> = {
  planned: 'scheduled',
  held: 'completed',
  missed: 'cancelled',
  suspended: 'on-hold',
  cancelled: 'cancelled',
};

/** Why an activity is not going ahead, in fixed words (the free-text reasons recorded in ENRICH are not sent). */
const ACTIVITY_STATUS_REASON: Partial<Record<PlannedContactStatus, string>> = {
  missed: 'Missed: the contact was due and did not take place',
  suspended: 'Suspended while the service user is readmitted',
  cancelled: 'No longer needed by the plan',
};

const PHASE_TEXT: Record<ContactPhase, string> = {
  intensive: 'Intensive period contact',
  step_down: 'Step-down contact',
  ending: 'Ending session',
};

export const COMMUNITY_PLAN_CATEGORY = 'Peer support after discharge: community support and step-down plan';

/**
 * An episode's community plan as a UK Core CarePlan (same id as the episode): one activity per planned
 * contact, in the plan's order, scheduled over its window, performed by the peer worker who owns it.
 * `meta.versionId` is the plan's version: it rises with every change to the plan and every contact's move.
 */
export function toCarePlan(
  episode: Pick<SupportEpisode, 'id' | 'serviceUserId' | 'state' | 'endingReason' | 'endedAt' | 'dischargedOn'> & {
    state: SupportEpisodeState;
  },
  contacts: PlannedContactRow[],
  history: CommunityPlanHistoryRow | undefined,
): CarePlan {
  const version = contacts.reduce((n, c) => n + Number(c.version), 0) + (history?.changes ?? 0);
  const lastUpdated = [...contacts.map((c) => new Date(c.updated_at)), ...(history ? [new Date(history.last_at)] : [])]
    .sort((a, b) => a.getTime() - b.getTime())
    .at(-1);
  const going = contacts.filter((c) => c.status !== 'cancelled' && c.status !== 'missed');
  const start = history?.start_date ?? episode.dischargedOn ?? contacts[0]?.window_starts_on;
  const end = episode.endedAt ? episode.endedAt.toISOString() : (going.at(-1) ?? contacts.at(-1))?.due_on;
  return {
    resourceType: 'CarePlan',
    id: episode.id,
    meta: {
      versionId: String(version),
      ...(lastUpdated ? { lastUpdated: lastUpdated.toISOString() } : {}),
      profile: [UK_CORE_PROFILE('CarePlan')],
    },
    status: carePlanStatusOf(episode),
    intent: 'plan',
    category: [{ text: COMMUNITY_PLAN_CATEGORY }],
    title: 'Community plan',
    description:
      'The contacts agreed after discharge: an intensive period, a step-down of less frequent contacts, and an ending session',
    subject: { reference: `Patient/${episode.serviceUserId}` },
    ...(start || end ? { period: { ...(start ? { start } : {}), ...(end ? { end } : {}) } } : {}),
    ...(history ? { created: new Date(history.first_at).toISOString() } : {}),
    careTeam: [{ reference: `CareTeam/${episode.id}` }],
    supportingInfo: [{ reference: `EpisodeOfCare/${episode.id}` }],
    ...(contacts.length > 0 ? { activity: contacts.map(toActivity) } : {}),
  };
}

function toActivity(contact: PlannedContactRow): CarePlanActivity {
  const reason = ACTIVITY_STATUS_REASON[contact.status];
  return {
    ...(contact.status === 'held' && contact.meeting_id
      ? { outcomeReference: [{ reference: `Encounter/${contact.meeting_id}` }] }
      : {}),
    detail: {
      kind: 'Appointment',
      code: { text: PHASE_TEXT[contact.phase] },
      status: ACTIVITY_STATUS[contact.status],
      ...(reason ? { statusReason: { text: reason } } : {}),
      doNotPerform: false,
      scheduledPeriod: { start: contact.window_starts_on, end: contact.window_ends_on },
      ...(contact.owner_peer_worker_id
        ? { performer: [{ reference: `Practitioner/${contact.owner_peer_worker_id}` }] }
        : {}),
      description: `Contact ${contact.sequence} of the plan (${PHASE_TEXT[contact.phase].toLowerCase()}), due ${contact.due_on}`,
    },
  };
}
