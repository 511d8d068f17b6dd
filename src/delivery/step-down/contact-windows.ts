import type { ContactPhase } from './community-plan';

/**
 * The step-down follows the calendar (handbook 14.8–14.9): each planned contact has a window — the days it
 * is planned for, from the site's template (a week in the weekly weeks, a fortnight in the fortnightly ones,
 * the ending weeks for the ending session; the first community meeting from the discharge day to the site's
 * `firstCommunityMeetingWithinDays`). A contact is met only within its window; a meeting outside every open
 * window is extra contact and fulfils nothing; a window that closes with its contact outstanding means the
 * contact was missed. Pure: StepDownPlanService and the meetings area apply these to the stored contacts.
 */
export interface WindowedContact {
  id: string;
  sequence: number;
  phase: ContactPhase;
  status: string;
  /** Calendar dates in Europe/London (YYYY-MM-DD), inclusive. */
  windowStartsOn: string;
  windowEndsOn: string;
  /** The working day it is planned on; may fall after the window when the owner works no day in it. */
  dueOn: string;
}

/** The window's last day: its end, or the due date when the owner's first working day in reach falls later. */
export const lastDayOf = (c: Pick<WindowedContact, 'windowEndsOn' | 'dueOn'>): string =>
  c.dueOn > c.windowEndsOn ? c.dueOn : c.windowEndsOn;

export const windowContains = (c: WindowedContact, day: string): boolean =>
  c.windowStartsOn <= day && day <= lastDayOf(c);

/** Whether the window had closed by `today` (its last day is before today). */
export const windowClosedBy = (c: WindowedContact, today: string): boolean => lastDayOf(c) < today;

/**
 * The planned contact a community meeting held on `heldOn` fulfils: the contact it was planned for when that
 * contact's window contains the day, else the earliest outstanding contact whose window contains it and that no
 * other planned meeting is for. Null when none does: the meeting is extra contact (two meetings in one week
 * fulfil that week's contact once; a meeting never reaches ahead into a later window).
 */
export function contactFulfilledBy(
  contacts: readonly WindowedContact[],
  heldOn: string,
  options: { plannedFor?: string | null; claimedByOtherMeetings?: ReadonlySet<string> } = {},
): WindowedContact | null {
  const open = contacts
    .filter((c) => c.status === 'planned' && windowContains(c, heldOn))
    .sort((a, b) => a.sequence - b.sequence);
  const named = options.plannedFor ? open.find((c) => c.id === options.plannedFor) : undefined;
  if (named) return named;
  const claimed = options.claimedByOtherMeetings ?? new Set<string>();
  return open.find((c) => !claimed.has(c.id)) ?? null;
}

export interface WindowRefusal {
  rule: 'contact_window_not_open' | 'contact_window_closed';
  message: string;
}

/**
 * Why a contact may not be recorded held, if it may not. With the day it was held (a meeting's day) the window must
 * contain that day. Recorded after the fact with no day (a brief text exchange, a contact recorded elsewhere), its
 * window must at least have opened by today: a contact cannot have happened in a window still to come — so neither
 * a later contact nor the ending session can be recorded ahead of its dates (an early ending moves the ending's window).
 */
export function heldRefusal(
  contact: WindowedContact,
  at: { heldOn?: string | null; today: string },
): WindowRefusal | null {
  const opens = contact.windowStartsOn;
  if (at.heldOn) {
    if (at.heldOn < opens)
      return {
        rule: 'contact_window_not_open',
        message: `Held on ${at.heldOn}, before this contact's window opens (${opens}): it is extra contact, not this one`,
      };
    if (at.heldOn > lastDayOf(contact))
      return {
        rule: 'contact_window_closed',
        message: `Held on ${at.heldOn}, after this contact's window closed (${lastDayOf(contact)})`,
      };
    return null;
  }
  if (at.today < opens)
    return {
      rule: 'contact_window_not_open',
      message: `This contact's window opens on ${opens}: it cannot be recorded held before then${
        contact.phase === 'ending' ? ' (to end sooner, bring the ending forward with a reason: early ending)' : ''
      }`,
    };
  return null;
}

/** The outstanding contacts whose windows had closed by `today`, in the plan's order: to be marked missed. */
export const closedUnmet = (contacts: readonly WindowedContact[], today: string): WindowedContact[] =>
  contacts.filter((c) => c.status === 'planned' && windowClosedBy(c, today)).sort((a, b) => a.sequence - b.sequence);
