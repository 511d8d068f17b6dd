import { addCalendarDays, calendarDaysBetween, londonDate } from '../absence/absence-term';

export interface SupervisionDue {
  /** The last session the peer worker had of this kind, or null if never. */
  lastHeldOn: string | null;
  /** The day the next one is due: the last one plus the site's frequency in Europe/London calendar days. */
  dueOn: string | null;
  overdue: boolean;
  /** Whole calendar days past the due date (0 when not overdue; null when never held). */
  daysOverdue: number | null;
  neverHeld: boolean;
}

/**
 * When supervision of one kind is next due, and whether it is overdue at `now`. The due date is a calendar
 * date in Europe/London (31 Jan + 30 days is 2 Mar, or 1 Mar in a leap year); it becomes overdue the day
 * after, judged by London's date at `now`, so a clock change never moves it by an hour-boundary day.
 * Someone never supervised is overdue: supervision is expected from the start of the role.
 */
export function supervisionDue(lastHeldOn: string | null, everyDays: number, now: Date): SupervisionDue {
  if (lastHeldOn === null) return { lastHeldOn: null, dueOn: null, overdue: true, daysOverdue: null, neverHeld: true };
  const today = londonDate(now);
  const dueOn = addCalendarDays(lastHeldOn, everyDays);
  const overdue = today > dueOn;
  return { lastHeldOn, dueOn, overdue, daysOverdue: overdue ? calendarDaysBetween(dueOn, today) : 0, neverHeld: false };
}
