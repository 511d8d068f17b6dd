import { DateTime } from 'luxon';
import type { SupportPlanTemplate } from '../../sites/support-plan-template';

export const LONDON = 'Europe/London';
export const CONTACT_PHASES = ['intensive', 'step_down', 'ending'] as const;
export type ContactPhase = (typeof CONTACT_PHASES)[number];

/** ISO weekdays (1 = Monday … 7 = Sunday). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const MONDAY_TO_FRIDAY: readonly IsoWeekday[] = [1, 2, 3, 4, 5];

/**
 * A place in the plan before it has a date: its phase, its nominal offset in days from the plan's
 * start (the discharge date, day 0), and how many days its window lasts from that nominal day.
 */
export interface PlanSlot {
  phase: ContactPhase;
  offsetDays: number;
  windowDays: number;
  /** The first community meeting's window opens on the plan's start (the discharge day counts), not its nominal day. */
  opensOnStart?: boolean;
}

export interface PlannedContactDraft extends PlanSlot {
  /** 1-based, in the plan's order. */
  sequence: number;
  /** Calendar date (Europe/London) the contact is due: a working day of the peer worker, never a bank holiday. */
  dueOn: string;
  /** The window the contact is planned for: its nominal day and the last day of the window. */
  windowStartsOn: string;
  windowEndsOn: string;
}

export interface WorkingCalendar {
  /** The peer worker's working days; at least one. */
  workingDays: readonly IsoWeekday[];
  /** Whether a calendar date is a bank holiday (England and Wales). */
  isBankHoliday: (isoDate: string) => boolean;
}

export interface CommunityPlanInput extends WorkingCalendar {
  template: SupportPlanTemplate;
  /** The first community day: the discharge date (YYYY-MM-DD, Europe/London). */
  startDate: string;
  /** The first community meeting is due within this many days of discharge (site setting). */
  firstMeetingWithinDays: number;
}

/**
 * The template's planned contacts as slots. Community week 1 starts the day after discharge. The
 * intensive period has `intensiveContactsPerWeek` contacts a week, the first being the first community
 * meeting (window: the site's first-meeting days); each step-down band one contact every `everyWeeks`
 * weeks; the ending session opens the weeks left after the bands.
 */
export function templateSlots(template: SupportPlanTemplate, firstMeetingWithinDays: number): PlanSlot[] {
  const slots: PlanSlot[] = [];
  const perWeek = template.intensiveContactsPerWeek;
  for (let week = 0; week < template.intensiveWeeks; week++) {
    for (let i = 0; i < perWeek; i++) {
      const offsetDays = 1 + week * 7 + Math.floor((7 * i) / perWeek);
      const nextOffset = 1 + week * 7 + Math.floor((7 * (i + 1)) / perWeek);
      slots.push({ phase: 'intensive', offsetDays, windowDays: nextOffset - offsetDays });
    }
  }
  if (slots.length > 0) slots[0] = { ...slots[0], windowDays: Math.max(1, firstMeetingWithinDays), opensOnStart: true };
  let week = template.intensiveWeeks;
  for (const band of template.stepDownBands) {
    for (let w = 0; w < band.weeks; w += band.everyWeeks) {
      slots.push({
        phase: 'step_down',
        offsetDays: 1 + (week + w) * 7,
        windowDays: 7 * Math.min(band.everyWeeks, band.weeks - w),
      });
    }
    week += band.weeks;
  }
  const endingWeeks = template.intensiveWeeks + template.stepDownWeeks - week;
  slots.push({ phase: 'ending', offsetDays: 1 + week * 7, windowDays: 7 * Math.max(1, endingWeeks) });
  return slots;
}

/** Whether the peer worker can hold a contact that day: one of their working days and not a bank holiday. */
export function isWorkingDay(isoDate: string, calendar: WorkingCalendar): boolean {
  const day = DateTime.fromISO(isoDate, { zone: LONDON });
  return calendar.workingDays.includes(day.weekday as IsoWeekday) && !calendar.isBankHoliday(isoDate);
}

/** The first working day on or after `isoDate`. */
export function nextWorkingDayOnOrAfter(isoDate: string, calendar: WorkingCalendar): string {
  if (calendar.workingDays.length === 0) throw new Error('A working pattern needs at least one working day');
  let day = DateTime.fromISO(isoDate, { zone: LONDON });
  // Calendar arithmetic in Europe/London (plusDays keeps the calendar day across clock changes).
  // Bounded: every week has a working day and no run of bank holidays lasts a week.
  for (let guard = 0; guard < 366; guard++) {
    const iso = day.toISODate()!;
    if (isWorkingDay(iso, calendar)) return iso;
    day = day.plus({ days: 1 });
  }
  throw new Error(`No working day within a year of ${isoDate}`);
}

export const addDays = (isoDate: string, days: number): string =>
  DateTime.fromISO(isoDate, { zone: LONDON }).plus({ days }).toISODate()!;

/**
 * Date slots from `startDate`: each contact on its nominal day or, if the peer worker does not work
 * then (or it is a bank holiday), the next working day — and always after the contact before it, so
 * the order is kept and dates strictly increase. `after` is a date the first contact must follow.
 */
export function scheduleSlots(
  slots: readonly PlanSlot[],
  startDate: string,
  calendar: WorkingCalendar,
  firstSequence = 1,
  after?: string,
): PlannedContactDraft[] {
  const out: PlannedContactDraft[] = [];
  let previous = after ?? null;
  slots.forEach((slot, i) => {
    const nominal = addDays(startDate, slot.offsetDays);
    const earliest = previous !== null && previous >= nominal ? addDays(previous, 1) : nominal;
    const dueOn = nextWorkingDayOnOrAfter(earliest, calendar);
    const { opensOnStart, ...rest } = slot;
    out.push({
      ...rest,
      sequence: firstSequence + i,
      dueOn,
      windowStartsOn: opensOnStart ? startDate : nominal,
      windowEndsOn: addDays(nominal, slot.windowDays - 1),
    });
    previous = dueOn;
  });
  return out;
}

/** The planned contacts of a community phase that starts on the discharge date. Pure. */
export function generateCommunityPlan(input: CommunityPlanInput): PlannedContactDraft[] {
  return scheduleSlots(templateSlots(input.template, input.firstMeetingWithinDays), input.startDate, input);
}

/**
 * Remaining slots re-based on a new start (a discharge after readmission, or a restart): the first
 * becomes due like a first community meeting (the day after the start) and the rest keep their spacing.
 */
export function rebaseSlots(remaining: readonly PlanSlot[], firstMeetingWithinDays: number): PlanSlot[] {
  if (remaining.length === 0) return [];
  const shift = remaining[0].offsetDays - 1;
  return remaining.map((slot, i) => ({
    ...slot,
    offsetDays: slot.offsetDays - shift,
    windowDays: i === 0 ? Math.max(1, firstMeetingWithinDays) : slot.windowDays,
    opensOnStart: i === 0,
  }));
}
