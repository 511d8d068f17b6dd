import type { AbsenceState } from '../../absence/absence.state-machine';
import type { Meeting } from '../../delivery/meetings/entities/meeting.entity';
import type { MeetingStatus } from '../vocabulary/meeting-vocabulary';
import type { PlannedContact, PlannedContactStatus } from '../../delivery/step-down/entities/planned-contact.entity';
import type { Absence } from '../../absence/entities/absence.entity';
import type { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import type { SupportEpisodeState } from '../../episodes/support-episode.state-machine';
import type { PeerWorker } from '../../workforce/peer-workers/entities/peer-worker.entity';
import type { CoverArrangement } from '../../cover/entities/cover-arrangement.entity';
import type { ServiceUserPlan } from '../../delivery/plans/entities/service-user-plan.entity';
import type { PeerWorkerStatus } from '../../workforce/peer-workers/peer-worker-status';
import type { LoneWorkingVisit } from '../../delivery/lone-working/entities/lone-working-visit.entity';
import type { GroupSupervisionSession } from '../../supervision/entities/group-supervision-session.entity';
import type { IndividualSupervisionSession } from '../../supervision/entities/individual-supervision-session.entity';
import type { SupervisionConcern } from '../../supervision/entities/supervision-concern.entity';
import type { HandoverNote } from '../../cover/entities/handover-note.entity';
import type { ConsentRecord } from '../../service-users/entities/consent-record.entity';

/** An episode moved through its transition table (support-episode.state-machine.ts). */
export interface EpisodeMoved {
  /** The episode as saved after the move. */
  episode: SupportEpisode;
  from: SupportEpisodeState;
  to: SupportEpisodeState;
  /** Why, as recorded in the transition history. */
  reason: string | null;
}

/** A referral opened a support episode, in its first state (`referred`). */
export interface EpisodeReferred {
  episode: SupportEpisode;
}

/** A peer worker became the episode's primary: its first pairing (with the move to `paired`) or a re-pairing. */
export interface PairingChanged {
  /** The episode as saved after the pairing. */
  episode: SupportEpisode;
  peerWorkerId: string;
  previousPeerWorkerId: string | null;
  /** True when the episode already had a peer worker (no change of state). */
  repairing: boolean;
}

/** A service-user plan (discharge, crisis, recovery plan) was saved as a new version. */
export interface PlanVersioned {
  plan: ServiceUserPlan;
  /** Which parts changed: sections, text, sharedWithCareTeam. */
  changedFields: string[];
  /** Whether the version before this one was shared with the care team (false for the first version). */
  wasShared: boolean;
}

/** Absence cover of one episode was confirmed (`started`) or came to an end (`ended`). */
export interface CoverChanged {
  arrangement: CoverArrangement;
  change: 'started' | 'ended';
}

/** An absence started, ended or was cancelled, or its expected return moved. */
export interface AbsenceChanged {
  /** The absence as saved after the change. */
  absence: Absence;
  /** `recorded`: planned or started when recorded; `transition`: started, ended or cancelled; `expected_end`: the expected return moved. */
  change: 'recorded' | 'transition' | 'expected_end';
  /** The state before (null when just recorded). */
  from: AbsenceState | null;
}

/** A peer worker's status moved (e.g. to `left`): their caseload must not be stranded. */
export interface PeerWorkerStatusChanged {
  peerWorker: PeerWorker;
  from: PeerWorkerStatus;
  to: PeerWorkerStatus;
  reason: string;
}

/** A meeting was planned or moved through its transition table (meeting.state-machine.ts). */
export interface MeetingMoved {
  /** The meeting as saved (for a reschedule, the new planned meeting). */
  meeting: Meeting;
  /** Null when the meeting was just recorded (planned, or held on the spot). */
  from: MeetingStatus | null;
  to: MeetingStatus;
}

/** Planned contacts of one episode moved through their transition table (planned-contact.state-machine.ts). */
export interface PlannedContactMoved {
  episode: SupportEpisode;
  /** Each contact as saved after the move, with the status it left. */
  contacts: { contact: PlannedContact; from: PlannedContactStatus }[];
  to: PlannedContactStatus;
  reason: string | null;
}

/** A contact of the community plan was given a (new) due date: its reminders key on it. */
export interface PlannedContactScheduled {
  episode: SupportEpisode;
  contacts: PlannedContact[];
  /** Why the due dates were set (plan created, pattern changed, resumed …). */
  because: string;
}

/** A lone-working visit was started, checked in (perhaps with a new expected end) or checked out. */
export interface LoneWorkingVisitMoved {
  /** The visit as saved after the change. */
  visit: LoneWorkingVisit;
  change: 'started' | 'checked_in' | 'checked_out';
  /** For a check-in: the expected end before it (null otherwise). */
  previousExpectedEndAt: Date | null;
}

/** A group or individual supervision session was recorded. */
export type SupervisionRecorded =
  | { kind: 'group'; session: GroupSupervisionSession; peerWorkerIds: string[] }
  | { kind: 'individual'; session: IndividualSupervisionSession; peerWorkerIds: string[] };

/** A risk, safety or handover concern was raised in supervision, for the coordinator's queue. */
export interface SupervisionConcernRaised {
  concern: SupervisionConcern;
}

/** A handover note (to the covering peer worker, or back) was written for an episode under cover. */
export interface HandoverWritten {
  note: HandoverNote;
  arrangement: CoverArrangement;
}

/** The peer worker a handover note is for acknowledged it. */
export interface HandoverAcknowledged {
  note: HandoverNote;
}

/** A consent was withdrawn: the record is kept, with the withdrawal (date, who recorded it) added to it. */
export interface ConsentWithdrawn {
  /** The consent as saved with its withdrawal. */
  consent: ConsentRecord;
  /** Whether another consent of the same kind is still in force for the service user (given and not withdrawn). */
  stillInForce: boolean;
}

/**
 * Every domain event, by name, with what its handlers receive. Handlers run inside the emitting
 * transaction (see DomainEvents.emit); what must happen later goes to the outbox rows the emit writes.
 */
export interface DomainEventMap {
  'episode.referred': EpisodeReferred;
  'episode.moved': EpisodeMoved;
  'pairing.changed': PairingChanged;
  'plan.versioned': PlanVersioned;
  'cover.changed': CoverChanged;
  'absence.changed': AbsenceChanged;
  'peer_worker.status_changed': PeerWorkerStatusChanged;
  'meeting.moved': MeetingMoved;
  'planned-contact.moved': PlannedContactMoved;
  'planned-contact.scheduled': PlannedContactScheduled;
  'lone_working.visit_moved': LoneWorkingVisitMoved;
  'supervision.recorded': SupervisionRecorded;
  'supervision.concern_raised': SupervisionConcernRaised;
  'handover.written': HandoverWritten;
  'handover.acknowledged': HandoverAcknowledged;
  'consent.withdrawn': ConsentWithdrawn;
}

export type DomainEventName = keyof DomainEventMap;

/**
 * What each event is, and which outbox row types its emit may write (what the reminder policies, webhooks
 * and reports read later). An emit writing a type not listed here is refused, so this list stays true.
 */
export const DOMAIN_EVENTS: {
  readonly [E in DomainEventName]: {
    readonly owner: string;
    readonly description: string;
    readonly outbox: readonly string[];
  };
} = {
  'episode.referred': {
    owner: 'episodes',
    description: 'A referral opened a support episode in its first state (`referred`).',
    outbox: [],
  },
  'pairing.changed': {
    owner: 'pairing',
    description: 'A peer worker became the primary of an episode: its first pairing, or a re-pairing.',
    outbox: ['episode.paired'],
  },
  'plan.versioned': {
    owner: 'delivery/plans',
    description: 'A service-user plan (discharge, crisis or personal recovery plan) was saved as a new version.',
    outbox: [],
  },
  'cover.changed': {
    owner: 'cover',
    description: 'Absence cover of an episode was confirmed (started) or ended.',
    outbox: ['cover.confirmed', 'cover.ended'],
  },
  'episode.moved': {
    owner: 'episodes',
    description: 'A support episode moved through its transition table (discharge, readmission, ending …).',
    outbox: ['episode.discharged', 'episode.readmitted', 'episode.ended'],
  },
  'absence.changed': {
    owner: 'absence',
    description: 'An absence was planned, started, ended or cancelled, or its expected end moved.',
    outbox: ['absence.planned', 'absence.started', 'absence.ended', 'absence.cancelled', 'absence.extended'],
  },
  'peer_worker.status_changed': {
    owner: 'workforce/peer-workers',
    description: 'A peer worker’s status moved (appointed, activated, inactive, left …).',
    outbox: [],
  },
  'meeting.moved': {
    owner: 'delivery/meetings',
    description:
      'A meeting was planned, held, missed, cancelled (also when absence cover pauses contact, or the episode ends) or rescheduled.',
    outbox: ['meeting.planned', 'meeting.held', 'meeting.missed', 'meeting.cancelled', 'meeting.rescheduled'],
  },
  'planned-contact.moved': {
    owner: 'delivery/step-down',
    description: 'Planned contacts of the community plan were held, missed, suspended, resumed or cancelled.',
    outbox: [],
  },
  'planned-contact.scheduled': {
    owner: 'delivery/step-down',
    description: 'Contacts of the community plan were given a (new) due date (plan made, pattern changed, resumed …).',
    outbox: ['planned_contact.scheduled'],
  },
  'lone_working.visit_moved': {
    owner: 'delivery/lone-working',
    description: 'A lone-working visit was started, checked in (perhaps with a new expected end) or checked out.',
    outbox: ['lone_working.visit_started', 'lone_working.checked_in', 'lone_working.checked_out'],
  },
  'supervision.recorded': {
    owner: 'supervision',
    description: 'A group or individual supervision session was recorded.',
    outbox: ['supervision.recorded'],
  },
  'supervision.concern_raised': {
    owner: 'supervision',
    description: 'A risk, safety or handover concern was raised in supervision for the coordinator’s queue.',
    outbox: ['supervision.concern_raised'],
  },
  'handover.written': {
    owner: 'cover',
    description: 'A handover note (to the covering peer worker, or back) was written for an episode under cover.',
    outbox: ['handover.written'],
  },
  'handover.acknowledged': {
    owner: 'cover',
    description: 'The peer worker a handover note is for acknowledged it.',
    outbox: ['handover.acknowledged'],
  },
  'consent.withdrawn': {
    owner: 'service-users',
    description:
      'A consent (to peer support, or to the research) was withdrawn; the record is kept with its withdrawal.',
    outbox: [],
  },
};
