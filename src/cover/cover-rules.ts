import { DateTime } from 'luxon';
import { addCalendarDays, lastDayOf, LONDON, type AbsencePeriod } from '../absence/absence-term';
import type { CoverArrangementKind } from './entities/cover-arrangement.entity';

/** The far end of an open-ended window: cover lasts until the absence is ended. */
export const OPEN_END = '9999-12-31';

export interface CoverWindow {
  /** Inclusive Europe/London calendar dates. */
  from: string;
  to: string;
}

/**
 * The days the absent peer worker's episodes need someone else: from the first day of absence to the
 * last day known (an expected return, or open-ended while nobody knows).
 */
export function coverWindow(absence: AbsencePeriod, today: string): CoverWindow {
  return { from: absence.startsOn, to: lastDayOf(absence, today) ?? OPEN_END };
}

/**
 * The days a covering (or new) peer worker must be free: the cover window, or for an open-ended absence the
 * short-term threshold from its first day (what can be promised now). The one window both the suggestions and a
 * re-pairing's hard rules judge availability on, so a peer worker the plan suggests is never refused for the same dates.
 */
export function coverAvailabilityWindow(window: CoverWindow, shortTermMaxDays: number): CoverWindow {
  return {
    from: window.from,
    to: window.to === OPEN_END ? addCalendarDays(window.from, shortTermMaxDays - 1) : window.to,
  };
}

/** Before any plan: contacts still outstanding from before the absence pass over with the window (nobody's contact is left with the absent). */
export const EARLIEST = '1900-01-01';

/** The planned contacts a cover arrangement takes: every one still planned and due up to the window's end. */
export function contactsWindow(window: CoverWindow): CoverWindow {
  return { from: EARLIEST, to: window.to };
}

/** The window's instants: [from 00:00 London, day after `to` 00:00 London); null upper bound when open-ended. */
export function windowInstants(window: CoverWindow): { from: Date; until: Date | null } {
  const from = DateTime.fromISO(window.from, { zone: LONDON }).startOf('day').toJSDate();
  const until =
    window.to === OPEN_END
      ? null
      : DateTime.fromISO(addCalendarDays(window.to, 1), { zone: LONDON }).startOf('day').toJSDate();
  return { from, until };
}

/** When a cover pairing begins: the absence's first day at 00:00 London, or now if that has passed. */
export function coverStartsAt(startsOn: string, now: Date): Date {
  const start = DateTime.fromISO(startsOn, { zone: LONDON }).startOf('day').toJSDate();
  return start > now ? start : now;
}

/** Which arrangements an absence of each term allows (handbook 15.1–15.2). */
export const ARRANGEMENTS_FOR_TERM: Record<'short_term' | 'long_term', readonly CoverArrangementKind[]> = {
  // Short-term: a colleague in the team covers, or contact pauses with the service user informed.
  short_term: ['cover', 'pause'],
  // Long-term: a reserve (or colleague) covers until return, or the episode is re-paired for good.
  long_term: ['cover', 'repair'],
};

export interface ArrangementFacts {
  term: 'short_term' | 'long_term';
  arrangement: CoverArrangementKind;
  /** The named peer worker's status, or null when none is named. */
  coveringStatus: string | null;
  coveringIsAbsentWorker: boolean;
  reserveInductionRecorded: boolean;
  serviceUserInformed: boolean;
  /** No expected return date is known. */
  openEnded: boolean;
}

export interface ArrangementRuleBroken {
  rule: string;
  field: string;
  explain: string;
}

/** The first rule an arrangement breaks, or null. Pure, so every rule is tested one by one. */
export function brokenArrangementRule(f: ArrangementFacts): ArrangementRuleBroken | null {
  if (!ARRANGEMENTS_FOR_TERM[f.term].includes(f.arrangement)) {
    const allowed = ARRANGEMENTS_FOR_TERM[f.term].join(' or ');
    return {
      rule: 'arrangement_fits_term',
      field: 'arrangement',
      explain: `A ${f.term.replace('_', '-')} absence is looked after by ${allowed}`,
    };
  }
  if (f.arrangement === 'pause') {
    if (f.coveringStatus !== null)
      return {
        rule: 'pause_names_no_peer_worker',
        field: 'peerWorkerId',
        explain: 'A pause has no covering peer worker',
      };
    if (f.openEnded)
      return {
        rule: 'pause_until_known_return',
        field: 'arrangement',
        explain: 'Contact pauses until a known return date: with none, a colleague covers',
      };
    if (!f.serviceUserInformed)
      return {
        rule: 'service_user_informed',
        field: 'serviceUserInformed',
        explain: 'Contact pauses only once the service user has been told',
      };
    return null;
  }
  if (f.coveringStatus === null)
    return {
      rule: 'covering_peer_worker_named',
      field: 'peerWorkerId',
      explain: `A ${f.arrangement} arrangement names the peer worker who takes the episode on`,
    };
  if (f.coveringIsAbsentWorker)
    return {
      rule: 'covering_peer_worker_present',
      field: 'peerWorkerId',
      explain: 'The absent peer worker cannot cover their own episodes',
    };
  if (f.coveringStatus === 'reserve') {
    if (f.arrangement !== 'cover' || f.term !== 'long_term') {
      return {
        rule: 'reserve_for_long_term_cover',
        field: 'peerWorkerId',
        explain:
          'A reserve peer worker is activated to cover a long-term absence; short-term cover comes from the team',
      };
    }
    if (!f.reserveInductionRecorded) {
      return {
        rule: 'reserve_induction_recorded',
        field: 'peerWorkerId',
        explain: 'Record the reserve peer worker’s induction and support before activating them (handbook 15.3)',
      };
    }
  }
  return null;
}
