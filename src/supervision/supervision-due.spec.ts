import fc from 'fast-check';
import { DateTime } from 'luxon';
import { supervisionDue } from './supervision-due';

/** An instant given as London wall-clock time. */
const london = (local: string) => DateTime.fromISO(local, { zone: 'Europe/London' }).toJSDate();

describe('supervisionDue', () => {
  it('is due 30 calendar days after 31 January: 2 March in 2026', () => {
    expect(supervisionDue('2026-01-31', 30, london('2026-03-02T23:59'))).toMatchObject({
      dueOn: '2026-03-02',
      overdue: false,
      daysOverdue: 0,
    });
    expect(supervisionDue('2026-01-31', 30, london('2026-03-03T00:00'))).toMatchObject({
      dueOn: '2026-03-02',
      overdue: true,
      daysOverdue: 1,
    });
  });

  it('is due on 1 March in the leap year 2028', () => {
    expect(supervisionDue('2028-01-31', 30, london('2028-03-01T12:00'))).toMatchObject({
      dueOn: '2028-03-01',
      overdue: false,
    });
    expect(supervisionDue('2028-01-31', 30, london('2028-03-02T00:01'))).toMatchObject({
      overdue: true,
      daysOverdue: 1,
    });
  });

  it('crosses a month end in a fortnight: 20 December + 14 days is 3 January', () => {
    expect(supervisionDue('2026-12-20', 14, london('2027-01-03T17:00'))).toMatchObject({
      dueOn: '2027-01-03',
      overdue: false,
    });
    expect(supervisionDue('2026-12-20', 14, london('2027-01-04T09:00'))).toMatchObject({
      overdue: true,
      daysOverdue: 1,
    });
  });

  it('judges by the London date when the clocks go forward (29 March 2026)', () => {
    // 23:30 UTC on the 29th is already 00:30 BST on the 30th in London: the day after a due date of the 29th.
    expect(supervisionDue('2026-03-15', 14, new Date('2026-03-29T23:30:00Z'))).toMatchObject({
      dueOn: '2026-03-29',
      overdue: true,
      daysOverdue: 1,
    });
    expect(supervisionDue('2026-03-15', 14, new Date('2026-03-29T22:59:00Z'))).toMatchObject({
      dueOn: '2026-03-29',
      overdue: false,
    });
    // The short night itself: 01:30 UTC on the 29th is 02:30 BST on the due date.
    expect(supervisionDue('2026-03-15', 14, new Date('2026-03-29T01:30:00Z'))).toMatchObject({ overdue: false });
  });

  it('judges by the London date when the clocks go back (25 October 2026)', () => {
    // 23:30 UTC on the 24th is 00:30 BST on the 25th: still the due date, not overdue.
    expect(supervisionDue('2026-10-11', 14, new Date('2026-10-24T23:30:00Z'))).toMatchObject({
      dueOn: '2026-10-25',
      overdue: false,
    });
    // 23:30 UTC on the 25th is 23:30 GMT, still the 25th; 00:00 UTC on the 26th is the 26th.
    expect(supervisionDue('2026-10-11', 14, new Date('2026-10-25T23:30:00Z'))).toMatchObject({ overdue: false });
    expect(supervisionDue('2026-10-11', 14, new Date('2026-10-26T00:00:00Z'))).toMatchObject({
      overdue: true,
      daysOverdue: 1,
    });
  });

  it('keeps a 30-day frequency at 30 calendar days across the clock changes (never 29 or 31)', () => {
    expect(supervisionDue('2026-03-10', 30, london('2026-04-09T12:00')).dueOn).toBe('2026-04-09');
    expect(supervisionDue('2026-10-10', 30, london('2026-11-09T12:00')).dueOn).toBe('2026-11-09');
  });

  it('counts someone never supervised as overdue', () => {
    expect(supervisionDue(null, 14, new Date('2026-11-25T10:00:00Z'))).toEqual({
      lastHeldOn: null,
      dueOn: null,
      overdue: true,
      daysOverdue: null,
      neverHeld: true,
    });
  });

  it('is overdue exactly when London’s date passes the last session plus the frequency in calendar days, for any date, time and frequency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4000 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        (offset, everyDays, dayShift, minuteOfDay) => {
          const held = DateTime.fromISO('2025-01-01', { zone: 'Europe/London' }).plus({ days: offset });
          const due = held.plus({ days: everyDays });
          const day = due.plus({ days: dayShift }).startOf('day');
          // Any wall-clock minute of that London day (luxon resolves the skipped spring hour forwards).
          const now = day.plus({ minutes: minuteOfDay });
          if (now.toISODate() !== day.toISODate()) return; // the minute fell off the end of a 23-hour day
          const result = supervisionDue(held.toISODate(), everyDays, now.toJSDate());
          expect(result.dueOn).toBe(due.toISODate());
          expect(result.overdue).toBe(dayShift > 0);
          expect(result.daysOverdue).toBe(Math.max(0, dayShift));
        },
      ),
    );
  });
});
