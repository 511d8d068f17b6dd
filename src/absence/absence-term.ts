import { DateTime } from 'luxon';

export const LONDON = 'Europe/London';

/** Today's calendar date in Europe/London (ISO yyyy-mm-dd) at the instant `now`. */
export function londonDate(now: Date): string {
  return DateTime.fromJSDate(now, { zone: LONDON }).toISODate()!;
}

/** A date or instant as a Europe/London calendar date (ISO). Strings that are already dates pass through. */
export function asLondonDate(value: Date | string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return londonDate(typeof value === 'string' ? new Date(value) : value);
}

/** Whole calendar days from `from` to `to` (ISO dates), counted on the calendar, not in milliseconds. */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: LONDON }).diff(DateTime.fromISO(from, { zone: LONDON }), 'days').days);
}

export function addCalendarDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: LONDON }).plus({ days }).toISODate()!;
}

export type AbsenceTerm = 'short_term' | 'long_term';

export interface AbsenceTermAssessment {
  term: AbsenceTerm;
  /** Days the absence lasts (inclusive of first and last day) on the basis below. */
  lengthDays: number;
  /**
   * `actual_end`: it has ended; `expected_end`: the expected return date; `open_ended_so_far`: no end known,
   * so the days so far decide, and the absence becomes long-term on `becomesLongTermOn` if it goes on.
   */
  basis: 'actual_end' | 'expected_end' | 'open_ended_so_far';
  /** For an open-ended absence still short-term: the first day it counts as long-term. */
  becomesLongTermOn: string | null;
}

/**
 * Short-term absences (up to the site's threshold, e.g. 14 days) are covered in-team; longer ones bring
 * in a reserve peer worker (handbook 15.1, 15.2). Days are inclusive calendar days in Europe/London.
 */
export function classifyAbsence(
  absence: { startsOn: string; expectedEndOn: string | null; endedOn: string | null },
  shortTermMaxDays: number,
  today: string,
): AbsenceTermAssessment {
  const lastDay = absence.endedOn ?? absence.expectedEndOn;
  if (lastDay !== null) {
    const lengthDays = calendarDaysBetween(absence.startsOn, lastDay) + 1;
    return {
      term: lengthDays <= shortTermMaxDays ? 'short_term' : 'long_term',
      lengthDays,
      basis: absence.endedOn ? 'actual_end' : 'expected_end',
      becomesLongTermOn: null,
    };
  }
  const lengthDays = Math.max(0, calendarDaysBetween(absence.startsOn, today) + 1);
  const longTerm = lengthDays > shortTermMaxDays;
  return {
    term: longTerm ? 'long_term' : 'short_term',
    lengthDays,
    basis: 'open_ended_so_far',
    becomesLongTermOn: longTerm ? null : addCalendarDays(absence.startsOn, shortTermMaxDays),
  };
}

export interface AbsencePeriod {
  state: 'planned' | 'active' | 'ended' | 'cancelled';
  startsOn: string;
  expectedEndOn: string | null;
  endedOn: string | null;
}

/**
 * The last day of an absence as far as availability goes, or null while it runs on with no known end.
 * Someone still away after their expected return date is still away: the absence is open-ended until ended.
 */
export function lastDayOf(absence: AbsencePeriod, today: string): string | null {
  if (absence.endedOn !== null) return absence.endedOn;
  if (absence.expectedEndOn === null) return null;
  if (absence.state === 'active' && absence.expectedEndOn < today) return null;
  return absence.expectedEndOn;
}

/** Whether an absence covers any day of [from, to] (ISO dates); a cancelled one covers none. */
export function absenceOverlaps(absence: AbsencePeriod, from: string, to: string, today: string): boolean {
  if (absence.state === 'cancelled') return false;
  const lastDay = lastDayOf(absence, today);
  return absence.startsOn <= to && (lastDay === null || lastDay >= from);
}
