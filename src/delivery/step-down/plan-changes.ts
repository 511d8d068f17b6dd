import { DateTime } from 'luxon';
import type { Weekday } from '../../workforce/peer-workers/entities/peer-worker.entity';
import { isEnglandAndWalesBankHoliday } from './bank-holidays';
import {
  addDays,
  IsoWeekday,
  LONDON,
  MONDAY_TO_FRIDAY,
  nextWorkingDayOnOrAfter,
  PlannedContactDraft,
  PlanSlot,
  WorkingCalendar,
} from './community-plan';
import type { PlannedContact } from './entities/planned-contact.entity';

/** Contacts that may still happen: what a readmission suspends, an ending cancels, a restart replaces. */
export const OUTSTANDING = ['planned', 'suspended'] as const;

export const todayInLondon = (): string => DateTime.now().setZone(LONDON).toISODate()!;

const ISO_WEEKDAY: Record<Weekday, IsoWeekday> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** A peer worker's working calendar: their pattern's days (Monday to Friday when none is recorded) and the bank holidays. */
export function workingCalendarOf(pattern: readonly Weekday[] | undefined): WorkingCalendar {
  const days: readonly IsoWeekday[] =
    pattern && pattern.length > 0 ? [...new Set(pattern.map((d) => ISO_WEEKDAY[d]))] : MONDAY_TO_FRIDAY;
  return { workingDays: days, isBankHoliday: isEnglandAndWalesBankHoliday };
}

/** The dated columns of a planned contact from its draft. */
export function datesOf(d: PlannedContactDraft) {
  return {
    dueOn: d.dueOn,
    windowStartsOn: d.windowStartsOn,
    windowEndsOn: d.windowEndsOn,
    offsetDays: d.offsetDays,
    windowDays: d.windowDays,
  };
}

/** A new planned contact of the episode from its draft, owned by `owner`. */
export function rowOf(episodeId: string, d: PlannedContactDraft, owner: string | null): Partial<PlannedContact> {
  return {
    episodeId,
    sequence: d.sequence,
    phase: d.phase,
    ...datesOf(d),
    ownerPeerWorkerId: owner,
    status: 'planned',
  };
}

/** The plan's start day (day 0) as the ending session's window records it. */
export const planStartOf = (ending: Pick<PlannedContact, 'windowStartsOn' | 'offsetDays'>): string =>
  addDays(ending.windowStartsOn, -ending.offsetDays);

/**
 * An extension (handbook 14.9): `count` step-down contacts spaced as the last band (`everyWeeks`), after the last
 * contact before the ending (or a band's spacing before the ending, whichever is later), then the ending session
 * moved after them with its window length kept.
 */
export function extensionSlots(
  ending: Pick<PlannedContact, 'offsetDays' | 'windowDays'>,
  beforeOffsetDays: number | undefined,
  count: number,
  everyWeeks: number,
): PlanSlot[] {
  const spacing = 7 * everyWeeks;
  const lastOffset = Math.max(beforeOffsetDays ?? 0, ending.offsetDays - spacing);
  const slots: PlanSlot[] = Array.from({ length: count }, (_, i) => ({
    phase: 'step_down',
    offsetDays: lastOffset + spacing * (i + 1),
    windowDays: spacing,
  }));
  slots.push({ phase: 'ending', offsetDays: lastOffset + spacing * (count + 1), windowDays: ending.windowDays });
  return slots;
}

/**
 * The ending session brought forward (ending early, well): its window opens on `endingOn` (today when not given),
 * never before the day after the latest contact before it, and it is due on the owner's next working day from then.
 */
export function broughtForwardEnding(
  ending: Pick<PlannedContact, 'windowStartsOn' | 'offsetDays' | 'windowDays'>,
  on: { endingOn: string; latestDueBefore: string | undefined },
  calendar: WorkingCalendar,
): Pick<PlannedContact, 'dueOn' | 'offsetDays' | 'windowStartsOn' | 'windowEndsOn'> {
  const from = [on.endingOn, on.latestDueBefore ? addDays(on.latestDueBefore, 1) : null]
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1)!;
  const offsetDays = DateTime.fromISO(from).diff(DateTime.fromISO(planStartOf(ending)), 'days').days;
  return {
    dueOn: nextWorkingDayOnOrAfter(from, calendar),
    offsetDays: Math.round(offsetDays),
    windowStartsOn: from,
    windowEndsOn: addDays(from, ending.windowDays - 1),
  };
}
