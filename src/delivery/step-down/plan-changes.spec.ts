import { MONDAY_TO_FRIDAY, WorkingCalendar } from './community-plan';
import { broughtForwardEnding, extensionSlots, planStartOf, workingCalendarOf } from './plan-changes';

const weekdays: WorkingCalendar = { workingDays: MONDAY_TO_FRIDAY, isBankHoliday: () => false };

describe('extending a plan', () => {
  it('adds contacts spaced as the last band after the ending’s previous slot, and moves the ending after them', () => {
    expect(extensionSlots({ offsetDays: 70, windowDays: 14 }, 56, 2, 2)).toEqual([
      { phase: 'step_down', offsetDays: 70, windowDays: 14 },
      { phase: 'step_down', offsetDays: 84, windowDays: 14 },
      { phase: 'ending', offsetDays: 98, windowDays: 14 },
    ]);
  });

  it('continues from the last contact before the ending when it is later than a band before the ending', () => {
    expect(extensionSlots({ offsetDays: 70, windowDays: 7 }, 63, 1, 2).map((s) => s.offsetDays)).toEqual([77, 91]);
  });
});

describe('bringing the ending forward', () => {
  const ending = { windowStartsOn: '2026-03-10', offsetDays: 70, windowDays: 7 };

  it('reads the plan’s start from the ending’s window and nominal day', () => {
    expect(planStartOf(ending)).toBe('2025-12-30');
  });

  it('opens the ending window no earlier than the day after the latest contact before it', () => {
    expect(broughtForwardEnding(ending, { endingOn: '2026-02-02', latestDueBefore: '2026-02-05' }, weekdays)).toEqual({
      dueOn: '2026-02-06',
      offsetDays: 38,
      windowStartsOn: '2026-02-06',
      windowEndsOn: '2026-02-12',
    });
  });

  it('is due on the owner’s next working day when the chosen day is not one', () => {
    expect(
      broughtForwardEnding(ending, { endingOn: '2026-02-07', latestDueBefore: undefined }, weekdays),
    ).toMatchObject({ dueOn: '2026-02-09', windowStartsOn: '2026-02-07' });
  });
});

describe('a peer worker’s working calendar', () => {
  it('is their working pattern’s days, once each', () => {
    expect(workingCalendarOf(['sat', 'mon', 'mon']).workingDays).toEqual([6, 1]);
  });

  it('is Monday to Friday when no pattern is recorded', () => {
    expect(workingCalendarOf(undefined).workingDays).toEqual(MONDAY_TO_FRIDAY);
    expect(workingCalendarOf([]).workingDays).toEqual(MONDAY_TO_FRIDAY);
  });
});
