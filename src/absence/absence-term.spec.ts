import fc from 'fast-check';
import { absenceOverlaps, addCalendarDays, calendarDaysBetween, classifyAbsence, londonDate } from './absence-term';

describe('classifyAbsence', () => {
  it('counts a two-day absence as short-term', () => {
    expect(
      classifyAbsence({ startsOn: '2026-12-01', expectedEndOn: '2026-12-02', endedOn: null }, 14, '2026-11-25'),
    ).toEqual({
      term: 'short_term',
      lengthDays: 2,
      basis: 'expected_end',
      becomesLongTermOn: null,
    });
  });

  it('counts exactly the threshold as short-term and one day more as long-term (inclusive calendar days)', () => {
    expect(
      classifyAbsence({ startsOn: '2026-03-20', expectedEndOn: '2026-04-02', endedOn: null }, 14, '2026-03-01').term,
    ).toBe('short_term');
    expect(
      classifyAbsence({ startsOn: '2026-03-20', expectedEndOn: '2026-04-03', endedOn: null }, 14, '2026-03-01'),
    ).toMatchObject({ term: 'long_term', lengthDays: 15 });
  });

  it('counts a six-week absence as long-term', () => {
    expect(
      classifyAbsence({ startsOn: '2027-01-04', expectedEndOn: '2027-02-14', endedOn: null }, 14, '2027-01-01'),
    ).toMatchObject({ term: 'long_term', lengthDays: 42 });
  });

  it('uses the actual end once the absence has ended', () => {
    expect(
      classifyAbsence({ startsOn: '2026-01-05', expectedEndOn: '2026-03-01', endedOn: '2026-01-09' }, 14, '2026-03-05'),
    ).toMatchObject({
      term: 'short_term',
      lengthDays: 5,
      basis: 'actual_end',
    });
  });

  it('treats an open-ended absence by the days so far, saying when it becomes long-term', () => {
    expect(classifyAbsence({ startsOn: '2026-10-20', expectedEndOn: null, endedOn: null }, 14, '2026-10-25')).toEqual({
      term: 'short_term',
      lengthDays: 6,
      basis: 'open_ended_so_far',
      becomesLongTermOn: '2026-11-03',
    });
    expect(
      classifyAbsence({ startsOn: '2026-10-20', expectedEndOn: null, endedOn: null }, 14, '2026-11-03'),
    ).toMatchObject({ term: 'long_term', lengthDays: 15, becomesLongTermOn: null });
  });

  it('counts across the October clock change in calendar days, not hours', () => {
    expect(calendarDaysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(calendarDaysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });

  it('agrees with its own calendar arithmetic for any start, length and threshold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 90 }),
        (offset, length, threshold) => {
          const startsOn = addCalendarDays('2025-01-01', offset);
          const expectedEndOn = addCalendarDays(startsOn, length - 1);
          const result = classifyAbsence({ startsOn, expectedEndOn, endedOn: null }, threshold, startsOn);
          expect(result.lengthDays).toBe(length);
          expect(result.term).toBe(length <= threshold ? 'short_term' : 'long_term');
        },
      ),
    );
  });
});

describe('absenceOverlaps', () => {
  const base = { state: 'active' as const, startsOn: '2026-12-21', expectedEndOn: '2026-12-24', endedOn: null };

  it('covers the days from start to expected end, inclusive', () => {
    expect(absenceOverlaps(base, '2026-12-24', '2026-12-30', '2026-12-21')).toBe(true);
    expect(absenceOverlaps(base, '2026-12-25', '2026-12-30', '2026-12-21')).toBe(false);
    expect(absenceOverlaps(base, '2026-12-01', '2026-12-20', '2026-12-21')).toBe(false);
  });

  it('keeps someone absent after their expected return until the absence is ended', () => {
    expect(absenceOverlaps(base, '2027-01-05', '2027-01-05', '2027-01-05')).toBe(true);
    expect(
      absenceOverlaps({ ...base, state: 'ended', endedOn: '2026-12-23' }, '2026-12-24', '2026-12-24', '2027-01-05'),
    ).toBe(false);
  });

  it('never counts a cancelled absence', () => {
    expect(absenceOverlaps({ ...base, state: 'cancelled' }, '2026-12-22', '2026-12-22', '2026-12-01')).toBe(false);
  });
});

describe('londonDate', () => {
  it('reads an instant as the Europe/London calendar date, across both clock changes', () => {
    expect(londonDate(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30'); // BST: 00:30 on the 30th
    expect(londonDate(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25'); // still BST: 00:30 on the 25th
    expect(londonDate(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25'); // GMT again: 23:30 on the 25th
  });
});
