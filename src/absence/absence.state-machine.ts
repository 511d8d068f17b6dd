import { Guard, StateMachine, Transition } from '../common/state-machine/state-machine';

export const ABSENCE_STATES = ['planned', 'active', 'ended', 'cancelled'] as const;
export type AbsenceState = (typeof ABSENCE_STATES)[number];

export const ABSENCE_KINDS = ['sickness', 'annual_leave', 'other'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

/** Whose absence: a peer worker (their caseload needs cover) or a coordinator/deputy (support routes elsewhere). */
export const ABSENCE_SUBJECTS = ['peer_worker', 'coordinator'] as const;
export type AbsenceSubject = (typeof ABSENCE_SUBJECTS)[number];

/** Facts a move is judged on: Europe/London calendar dates as ISO strings. */
export interface AbsenceFacts {
  today: string;
  startsOn: string;
  /** The end date the move records (ending only). */
  endedOn: string | null;
}

const startDateReached: Guard<AbsenceFacts> = {
  rule: 'start_date_reached',
  holds: (f) => f.startsOn <= f.today,
  explain: 'A planned absence starts on its start date, not before: change the start date instead',
};

const endedOnRecorded: Guard<AbsenceFacts> = {
  rule: 'ended_on_recorded',
  holds: (f) => f.endedOn !== null,
  explain: 'Ending an absence needs the date the person came back (endedOn)',
};

const endNotBeforeStart: Guard<AbsenceFacts> = {
  rule: 'end_not_before_start',
  holds: (f) => f.endedOn === null || f.endedOn >= f.startsOn,
  explain: 'An absence cannot end before it started',
};

const endNotInFuture: Guard<AbsenceFacts> = {
  rule: 'end_not_in_future',
  holds: (f) => f.endedOn === null || f.endedOn <= f.today,
  explain:
    'An absence is ended on or after the day the person is back: record a future return as the expected end instead',
};

/**
 * planned → active → ended, and a planned absence may be cancelled. An absence that has started is
 * ended (on the day the person came back), never cancelled: cover may already have been arranged for it.
 */
const transitions: Transition<AbsenceState, AbsenceFacts>[] = [
  { from: ['planned'], to: 'active', guards: [startDateReached] },
  { from: ['active'], to: 'ended', guards: [endedOnRecorded, endNotBeforeStart, endNotInFuture] },
  { from: ['planned'], to: 'cancelled' },
];

export const absenceMachine = new StateMachine<AbsenceState, AbsenceFacts>('absence', ABSENCE_STATES, transitions);
