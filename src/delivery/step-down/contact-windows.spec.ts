import fc from 'fast-check';
import { DEFAULT_SUPPORT_PLAN_TEMPLATE } from '../../sites/support-plan-template';
import { isEnglandAndWalesBankHoliday } from './bank-holidays';
import { addDays, generateCommunityPlan, MONDAY_TO_FRIDAY } from './community-plan';
import { closedUnmet, contactFulfilledBy, heldRefusal, WindowedContact, windowContains } from './contact-windows';

const DISCHARGE = '2026-11-20'; // a Friday
const planned = (): WindowedContact[] =>
  generateCommunityPlan({
    template: DEFAULT_SUPPORT_PLAN_TEMPLATE,
    startDate: DISCHARGE,
    firstMeetingWithinDays: 7,
    workingDays: MONDAY_TO_FRIDAY,
    isBankHoliday: isEnglandAndWalesBankHoliday,
  }).map((d) => ({ ...d, id: `c${d.sequence}`, status: 'planned' }));

/** Meetings held on `days`, in order, each fulfilling what the rules say (a fulfilled contact becomes held). */
function hold(contacts: WindowedContact[], days: string[]): (string | null)[] {
  return days.map((day) => {
    const met = contactFulfilledBy(contacts, day);
    if (met) met.status = 'held';
    return met?.id ?? null;
  });
}

describe('contact windows: the step-down follows the calendar', () => {
  it('lets a meeting on the discharge day fulfil the first community contact', () => {
    expect(hold(planned(), [DISCHARGE])).toEqual(['c1']);
  });

  it('treats a second meeting in week 1 as extra: week 2 stays planned until a meeting in week 2', () => {
    const contacts = planned();
    expect(hold(contacts, ['2026-11-23', '2026-11-25'])).toEqual(['c1', null]);
    expect(contacts[1].status).toBe('planned');
    expect(hold(contacts, ['2026-11-30'])).toEqual(['c2']);
  });

  it('never lets thirteen meetings on one day reach the ending session', () => {
    const contacts = planned();
    expect(hold(contacts, Array(13).fill('2026-11-24'))).toEqual(['c1', ...Array(12).fill(null)]);
    expect(contacts.filter((c) => c.status === 'held')).toHaveLength(1);
  });

  it('prefers the contact the meeting was planned for, when its window contains the day, and skips contacts other meetings are for', () => {
    const contacts = planned();
    // Weeks 5–8 are fortnightly: a fortnight's window.
    const c9 = contacts[8];
    expect(contactFulfilledBy(contacts, c9.windowStartsOn, { plannedFor: 'c9' })!.id).toBe('c9');
    // Planned for contact 9 but held in contact 2's window: contact 2 (the calendar decides).
    expect(contactFulfilledBy(contacts, '2026-11-30', { plannedFor: 'c9' })!.id).toBe('c2');
    expect(contactFulfilledBy(contacts, '2026-11-30', { claimedByOtherMeetings: new Set(['c2']) })).toBeNull();
  });

  it('for any sequence of meeting days, fulfils each contact at most once and only on a day within its window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 130 }), { maxLength: 40 }), (offsets) => {
        const contacts = planned();
        const days = offsets.map((o) => addDays(DISCHARGE, o)).sort();
        const met = hold(contacts, days);
        const ids = met.filter((m): m is string => m !== null);
        expect(new Set(ids).size).toBe(ids.length);
        met.forEach((id, i) => {
          if (id)
            expect(
              windowContains(
                contacts.find((c) => c.id === id)!,
                days[i],
              ),
            ).toBe(true);
        });
        // At most one contact per distinct day, and never more contacts held than distinct windows reached.
        expect(ids.length).toBeLessThanOrEqual(new Set(days).size);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a held outcome before the window opens (the ending too) and a meeting day outside it', () => {
    const contacts = planned();
    const ending = contacts.at(-1)!;
    expect(heldRefusal(contacts[1], { today: '2026-11-24' })?.rule).toBe('contact_window_not_open');
    expect(heldRefusal(ending, { today: '2026-11-24' })?.message).toMatch(/early ending/);
    expect(heldRefusal(ending, { today: ending.windowStartsOn })).toBeNull();
    expect(heldRefusal(contacts[1], { today: '2027-06-01' })).toBeNull(); // recorded late, day unknown
    expect(heldRefusal(contacts[1], { heldOn: '2026-11-27', today: '2026-12-01' })?.rule).toBe(
      'contact_window_not_open',
    );
    expect(heldRefusal(contacts[1], { heldOn: '2026-12-05', today: '2026-12-08' })?.rule).toBe('contact_window_closed');
    expect(heldRefusal(contacts[1], { heldOn: '2026-12-01', today: '2026-12-01' })).toBeNull();
  });

  it('finds the outstanding contacts whose windows have closed, never one still open or already settled', () => {
    const contacts = planned();
    contacts[0].status = 'held';
    expect(closedUnmet(contacts, '2026-12-04').map((c) => c.id)).toEqual([]); // contact 2's window's last day
    expect(closedUnmet(contacts, '2026-12-12').map((c) => c.id)).toEqual(['c2', 'c3']);
  });

  it('keeps a contact open until its due date when the owner works no day in its window', () => {
    const c: WindowedContact = {
      id: 'x',
      sequence: 2,
      phase: 'intensive',
      status: 'planned',
      windowStartsOn: '2026-11-28',
      windowEndsOn: '2026-12-01',
      dueOn: '2026-12-03',
    };
    expect(closedUnmet([c], '2026-12-03')).toEqual([]);
    expect(windowContains(c, '2026-12-03')).toBe(true);
    expect(closedUnmet([c], '2026-12-04')).toEqual([c]);
  });
});
