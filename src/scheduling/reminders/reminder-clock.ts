import { DateTime } from 'luxon';

export const LONDON = 'Europe/London';

/** `HH:mm` on a calendar date in London, as an instant (luxon resolves the clock change for us). */
export function londonTimeOn(isoDate: string, hhmm: string, zone = LONDON): Date {
  const [hour, minute] = hhmm.split(':').map(Number);
  return DateTime.fromISO(isoDate, { zone }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** The calendar date `days` after `isoDate` (calendar days, not 24-hour blocks). */
export function addCalendarDays(isoDate: string, days: number, zone = LONDON): string {
  return DateTime.fromISO(isoDate, { zone }).plus({ days }).toISODate()!;
}

/**
 * The next instant strictly after `now` at which the local clock in `zone` reads `hhmm`. On the spring
 * change a time in the missing hour moves forward; in the autumn the repeated hour fires once (the first).
 */
export function nextLocalTime(now: Date, hhmm: string, zone = LONDON): Date {
  const [hour, minute] = hhmm.split(':').map(Number);
  const local = DateTime.fromJSDate(now, { zone });
  let candidate = local.set({ hour, minute, second: 0, millisecond: 0 });
  if (candidate.toMillis() <= now.getTime())
    candidate = local.plus({ days: 1 }).set({ hour, minute, second: 0, millisecond: 0 });
  return candidate.toJSDate();
}

/**
 * Compresses real delays for tests and benchmarks: with scale 1 (production) a reminder fires at its
 * calendar time; with a smaller scale its distance from `anchor` shrinks by that factor, measured from `now`.
 */
export function scaledFireAt(fireAt: Date, anchor: Date, now: Date, scale: number): Date {
  if (scale === 1) return fireAt;
  return new Date(now.getTime() + Math.max(0, fireAt.getTime() - anchor.getTime()) * scale);
}
