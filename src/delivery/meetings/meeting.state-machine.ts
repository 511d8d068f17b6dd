import { StateMachine, Transition } from '../../common/state-machine/state-machine';
import {
  MEETING_PARTIES,
  MEETING_STATUSES,
  MeetingParty,
  MeetingStatus,
} from '../../common/vocabulary/meeting-vocabulary';

/** What the transition guards read: the change requested and the clock. */
export interface MeetingTransitionFacts {
  now: Date;
  actualStartAt: Date | null;
  actualEndAt: Date | null;
  missedBy: MeetingParty | null;
  cancelledBy: MeetingParty | null;
  reason: string | null;
  /** For a reschedule: the new planned start. */
  newPlannedStartAt: Date | null;
}

type Guard = NonNullable<Transition<MeetingStatus, MeetingTransitionFacts>['guards']>[number];

const isParty = (p: string | null) => p !== null && (MEETING_PARTIES as readonly string[]).includes(p);

export const MEETING_GUARDS = {
  actualTimesGiven: {
    rule: 'actual_times_given',
    holds: (f) => f.actualStartAt !== null && f.actualEndAt !== null,
    explain: 'A held meeting needs its actual start and end',
  },
  endAfterStart: {
    rule: 'actual_end_after_start',
    holds: (f) =>
      f.actualStartAt === null || f.actualEndAt === null || f.actualEndAt.getTime() > f.actualStartAt.getTime(),
    explain: 'A held meeting ends after it starts',
  },
  heldNotInFuture: {
    rule: 'held_meeting_not_in_future',
    holds: (f) => f.actualStartAt === null || f.actualStartAt.getTime() <= f.now.getTime(),
    explain: 'A meeting cannot be recorded as held before it has started',
  },
  missedByGiven: {
    rule: 'missed_by_given',
    holds: (f) => isParty(f.missedBy),
    explain: `A missed meeting names who missed it: ${MEETING_PARTIES.join(' or ')}`,
  },
  cancelledByGiven: {
    rule: 'cancelled_by_given',
    holds: (f) => isParty(f.cancelledBy),
    explain: `A cancellation names who cancelled: ${MEETING_PARTIES.join(' or ')}`,
  },
  reasonGiven: {
    rule: 'reason_given',
    holds: (f) => f.reason !== null && f.reason.trim().length > 0,
    explain: 'Say why',
  },
  newTimeGiven: {
    rule: 'new_time_given',
    holds: (f) => f.newPlannedStartAt !== null,
    explain: 'A rescheduled meeting needs its new planned start',
  },
} satisfies Record<string, Guard>;

/**
 * A meeting or contact: planned, then held, missed (by whom), cancelled (by whom, why) or
 * rescheduled (the old meeting keeps its planned time as `rescheduled`; a new planned meeting
 * takes the new time). Every end state is final. A meeting recorded after the fact starts held.
 */
export const meetingMachine = new StateMachine<MeetingStatus, MeetingTransitionFacts>('meeting', MEETING_STATUSES, [
  {
    from: ['planned'],
    to: 'held',
    guards: [MEETING_GUARDS.actualTimesGiven, MEETING_GUARDS.endAfterStart, MEETING_GUARDS.heldNotInFuture],
  },
  { from: ['planned'], to: 'missed', guards: [MEETING_GUARDS.missedByGiven] },
  { from: ['planned'], to: 'cancelled', guards: [MEETING_GUARDS.cancelledByGiven, MEETING_GUARDS.reasonGiven] },
  { from: ['planned'], to: 'rescheduled', guards: [MEETING_GUARDS.newTimeGiven, MEETING_GUARDS.reasonGiven] },
]);

/** The state a new meeting may start in, with the guards of reaching it (a held meeting recorded after the fact). */
export const INITIAL_MEETING_STATUSES = ['planned', 'held'] as const satisfies readonly MeetingStatus[];
export const INITIAL_HELD_GUARDS = [
  MEETING_GUARDS.actualTimesGiven,
  MEETING_GUARDS.endAfterStart,
  MEETING_GUARDS.heldNotInFuture,
] as const;
