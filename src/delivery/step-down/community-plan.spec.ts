import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  DEFAULT_SUPPORT_PLAN_TEMPLATE,
  SupportPlanTemplate,
  supportPlanTemplateViolations,
} from '../../sites/support-plan-template';
import { isEnglandAndWalesBankHoliday } from './bank-holidays';
import {
  addDays,
  generateCommunityPlan,
  IsoWeekday,
  MONDAY_TO_FRIDAY,
  rebaseSlots,
  scheduleSlots,
  templateSlots,
} from './community-plan';

const weekdayOf = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/London' }).weekday;
const calendar = (workingDays: readonly IsoWeekday[]) => ({ workingDays, isBankHoliday: isEnglandAndWalesBankHoliday });
const plan = (
  startDate: string,
  workingDays: readonly IsoWeekday[] = MONDAY_TO_FRIDAY,
  template: SupportPlanTemplate = DEFAULT_SUPPORT_PLAN_TEMPLATE,
) => generateCommunityPlan({ template, startDate, firstMeetingWithinDays: 7, ...calendar(workingDays) });

// Dates the plans must survive: both clock changes of 2026 and the bank holidays around them.
const TRICKY_STARTS = [
  '2026-03-27',
  '2026-03-28',
  '2026-03-29',
  '2026-10-24',
  '2026-10-25',
  '2026-04-02',
  '2026-04-03',
  '2026-04-06',
  '2026-05-01',
  '2026-08-28',
  '2026-12-24',
  '2026-12-25',
  '2026-12-28',
  '2027-03-28',
];
const startDate = fc.oneof(
  fc.constantFrom(...TRICKY_STARTS),
  fc
    .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
);
const workingDays = fc.uniqueArray(fc.constantFrom<IsoWeekday>(1, 2, 3, 4, 5, 6, 7), { minLength: 1, maxLength: 7 });
const band = fc
  .record({ weeks: fc.integer({ min: 1, max: 6 }), everyWeeks: fc.integer({ min: 1, max: 4 }) })
  .filter((b) => b.everyWeeks <= b.weeks);
const template: fc.Arbitrary<SupportPlanTemplate> = fc
  .record({
    intensiveWeeks: fc.integer({ min: 1, max: 12 }),
    intensiveContactsPerWeek: fc.integer({ min: 1, max: 3 }),
    bands: fc.array(band, { minLength: 1, maxLength: 3 }),
    endingWeeks: fc.integer({ min: 1, max: 3 }),
    maxExtensionContacts: fc.integer({ min: 0, max: 8 }),
  })
  .map(({ bands, endingWeeks, ...rest }) => {
    const sorted = [...bands].sort((a, b) => a.everyWeeks - b.everyWeeks);
    return { ...rest, stepDownBands: sorted, stepDownWeeks: sorted.reduce((s, b) => s + b.weeks, 0) + endingWeeks };
  })
  .filter((t) => supportPlanTemplateViolations(t).length === 0);

describe('generateCommunityPlan', () => {
  it('plans the ENRICH default: six weekly intensive contacts, weekly then fortnightly step-down, and an ending in weeks 9–10', () => {
    const contacts = plan('2026-11-20'); // a Friday
    expect(contacts.map((c) => c.phase)).toEqual([
      ...Array(6).fill('intensive'),
      ...Array(6).fill('step_down'),
      'ending',
    ]);
    expect(contacts.map((c) => c.dueOn)).toEqual([
      '2026-11-23', // first community meeting: Saturday 21st is not worked, so Monday, within 7 days
      '2026-11-30',
      '2026-12-07',
      '2026-12-14',
      '2026-12-21',
      '2026-12-29', // Saturday 26th → Monday 28th is the substitute Boxing Day → Tuesday
      '2027-01-04',
      '2027-01-11',
      '2027-01-18',
      '2027-01-25', // step-down weeks 1–4, weekly (nominal Saturdays)
      '2027-02-01',
      '2027-02-15', // weeks 5–8, fortnightly
      '2027-03-01', // ending session, weeks 9–10
    ]);
    // The first community meeting's window opens on the discharge day itself (within 7 days of it).
    expect(contacts[0]).toMatchObject({ sequence: 1, windowStartsOn: '2026-11-20', windowEndsOn: '2026-11-27' });
    expect(contacts[1]).toMatchObject({ sequence: 2, windowStartsOn: '2026-11-28', windowEndsOn: '2026-12-04' });
    expect(contacts[12]).toMatchObject({ sequence: 13, windowStartsOn: '2027-02-27', windowEndsOn: '2027-03-12' });
  });

  it('moves a contact due on Good Friday past Easter Monday to the Tuesday', () => {
    const contacts = plan('2026-04-02'); // Maundy Thursday: nominal first day is Good Friday
    expect(contacts[0].dueOn).toBe('2026-04-07');
  });

  it('keeps calendar days across the spring and autumn clock changes', () => {
    for (const start of ['2026-03-28', '2026-10-24']) {
      const slots = templateSlots(DEFAULT_SUPPORT_PLAN_TEMPLATE, 7);
      const contacts = scheduleSlots(slots, start, calendar([1, 2, 3, 4, 5, 6, 7]));
      // Every day is worked: each contact is on its nominal calendar day, clock change or not.
      for (const c of contacts.slice(1))
        if (!isEnglandAndWalesBankHoliday(c.windowStartsOn)) expect(c.dueOn).toBe(c.windowStartsOn);
      expect(contacts[0].windowStartsOn).toBe(start);
      expect(contacts[0].dueOn).toBe(addDays(start, 1));
    }
  });

  it('never lands on a non-working day or bank holiday, keeps the template’s order and count, and its dates strictly increase', () => {
    fc.assert(
      fc.property(startDate, workingDays, template, (start, days, t) => {
        const contacts = generateCommunityPlan({
          template: t,
          startDate: start,
          firstMeetingWithinDays: 7,
          ...calendar(days),
        });
        const slots = templateSlots(t, 7);
        expect(contacts.map((c) => c.phase)).toEqual(slots.map((s) => s.phase));
        expect(contacts).toHaveLength(
          t.intensiveWeeks * t.intensiveContactsPerWeek +
            t.stepDownBands.reduce((n, b) => n + Math.ceil(b.weeks / b.everyWeeks), 0) +
            1,
        );
        expect(contacts.map((c) => c.sequence)).toEqual(contacts.map((_, i) => i + 1));
        expect(contacts.at(-1)!.phase).toBe('ending');
        for (const [i, c] of contacts.entries()) {
          expect(days).toContain(weekdayOf(c.dueOn));
          expect(isEnglandAndWalesBankHoliday(c.dueOn)).toBe(false);
          expect(c.dueOn > (i === 0 ? start : contacts[i - 1].dueOn)).toBe(true);
          expect(c.dueOn >= c.windowStartsOn).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('puts the first community meeting within the site’s window whenever the peer worker works a day in it', () => {
    fc.assert(
      fc.property(startDate, workingDays, fc.integer({ min: 1, max: 14 }), (start, days, within) => {
        const [first] = generateCommunityPlan({
          template: DEFAULT_SUPPORT_PLAN_TEMPLATE,
          startDate: start,
          firstMeetingWithinDays: within,
          ...calendar(days),
        });
        expect(first.phase).toBe('intensive');
        expect(first.windowEndsOn).toBe(addDays(start, within));
        const workable = Array.from({ length: within }, (_, i) => addDays(start, i + 1)).find(
          (d) => days.includes(weekdayOf(d) as IsoWeekday) && !isEnglandAndWalesBankHoliday(d),
        );
        if (workable) expect(first.dueOn).toBe(workable);
        else expect(first.dueOn > first.windowEndsOn).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('re-dates the remaining contacts from a new discharge, keeping their order, spacing and the working-day rules', () => {
    fc.assert(
      fc.property(startDate, workingDays, fc.integer({ min: 0, max: 12 }), (second, days, done) => {
        const slots = templateSlots(DEFAULT_SUPPORT_PLAN_TEMPLATE, 7);
        const remaining = slots.slice(done);
        const resumed = scheduleSlots(rebaseSlots(remaining, 7), second, calendar(days), done + 1);
        expect(resumed.map((c) => c.phase)).toEqual(remaining.map((s) => s.phase));
        expect(resumed.map((c) => c.sequence)).toEqual(remaining.map((_, i) => done + 1 + i));
        expect(resumed[0].windowStartsOn).toBe(second);
        for (const [i, c] of resumed.entries()) {
          expect(days).toContain(weekdayOf(c.dueOn));
          expect(isEnglandAndWalesBankHoliday(c.dueOn)).toBe(false);
          if (i > 0) {
            expect(c.dueOn > resumed[i - 1].dueOn).toBe(true);
            expect(c.offsetDays - resumed[i - 1].offsetDays).toBe(
              remaining[i].offsetDays - remaining[i - 1].offsetDays,
            );
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('support plan template bounds', () => {
  it('accepts the ENRICH default', () => {
    expect(supportPlanTemplateViolations(DEFAULT_SUPPORT_PLAN_TEMPLATE)).toEqual([]);
  });

  it('names the field of every rule broken', () => {
    const broken = {
      ...DEFAULT_SUPPORT_PLAN_TEMPLATE,
      intensiveContactsPerWeek: 5,
      stepDownBands: [
        { weeks: 4, everyWeeks: 2 },
        { weeks: 4, everyWeeks: 1 },
      ],
    };
    expect(supportPlanTemplateViolations(broken).map((v) => v.field)).toEqual([
      'intensiveContactsPerWeek',
      'stepDownBands.1.everyWeeks',
    ]);
    expect(
      supportPlanTemplateViolations({ ...DEFAULT_SUPPORT_PLAN_TEMPLATE, stepDownWeeks: 8 }).map((v) => v.field),
    ).toEqual(['stepDownBands']);
  });
});
