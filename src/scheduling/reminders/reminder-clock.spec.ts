import { addCalendarDays, londonTimeOn, nextLocalTime, scaledFireAt } from './reminder-clock';

describe('Reminder clock (Europe/London)', () => {
  it('sends the daily digest at 07:30 local time on the day the clocks go forward (2026-03-29): 06:30 UTC, not 07:30', () => {
    expect(nextLocalTime(new Date('2026-03-28T08:00:00Z'), '07:30').toISOString()).toBe('2026-03-29T06:30:00.000Z');
    // The day before the change, London is on GMT.
    expect(nextLocalTime(new Date('2026-03-27T08:00:00Z'), '07:30').toISOString()).toBe('2026-03-28T07:30:00.000Z');
  });

  it('sends it at 07:30 local time on the day the clocks go back (2026-10-25): 07:30 UTC, after 06:30 UTC the day before', () => {
    expect(nextLocalTime(new Date('2026-10-24T07:00:00Z'), '07:30').toISOString()).toBe('2026-10-25T07:30:00.000Z');
    expect(nextLocalTime(new Date('2026-10-23T07:00:00Z'), '07:30').toISOString()).toBe('2026-10-24T06:30:00.000Z');
  });

  it('is 23 hours between digests across the spring change and 25 across the autumn one', () => {
    const spring1 = nextLocalTime(new Date('2026-03-28T00:00:00Z'), '07:30');
    const spring2 = nextLocalTime(spring1, '07:30');
    expect((spring2.getTime() - spring1.getTime()) / 3_600_000).toBe(23);
    const autumn1 = nextLocalTime(new Date('2026-10-24T00:00:00Z'), '07:30');
    const autumn2 = nextLocalTime(autumn1, '07:30');
    expect((autumn2.getTime() - autumn1.getTime()) / 3_600_000).toBe(25);
  });

  it('never fires twice in the repeated autumn hour, and moves a time in the missing spring hour forward', () => {
    const first = nextLocalTime(new Date('2026-10-25T00:00:00Z'), '01:30'); // 01:30 BST = 00:30 UTC
    expect(first.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(nextLocalTime(first, '01:30').toISOString()).toBe('2026-10-26T01:30:00.000Z');
    expect(nextLocalTime(new Date('2026-03-28T12:00:00Z'), '01:30').toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
  });

  it('counts calendar days, not 24-hour blocks, across a clock change', () => {
    expect(addCalendarDays('2026-03-25', 7)).toBe('2026-04-01');
    expect(londonTimeOn('2026-03-28', '09:00').toISOString()).toBe('2026-03-28T09:00:00.000Z');
    expect(londonTimeOn(addCalendarDays('2026-03-28', 2), '09:00').toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('compresses a delay by the configured scale, measured from the event', () => {
    const anchor = new Date('2026-11-20T00:00:00Z');
    const now = new Date('2026-11-20T10:00:00Z');
    expect(scaledFireAt(new Date('2026-11-21T00:00:00Z'), anchor, now, 1).toISOString()).toBe(
      '2026-11-21T00:00:00.000Z',
    );
    expect(scaledFireAt(new Date('2026-11-21T00:00:00Z'), anchor, now, 0.001).toISOString()).toBe(
      '2026-11-20T10:01:26.400Z',
    );
  });
});
