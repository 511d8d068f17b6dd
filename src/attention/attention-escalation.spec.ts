import { escalationLevelOf } from './attention-escalation';

describe('escalationLevelOf', () => {
  it('counts London calendar days since the item opened, from 0 on the day', () => {
    const opened = new Date('2026-11-20T09:00:00Z');
    expect(escalationLevelOf(opened, new Date('2026-11-20T23:30:00Z'))).toBe(0);
    expect(escalationLevelOf(opened, new Date('2026-11-21T06:00:00Z'))).toBe(1);
    expect(escalationLevelOf(opened, new Date('2026-11-27T06:00:00Z'))).toBe(7);
  });

  it('keeps London calendar days across the spring clock change (23:30 UTC on 29 March 2026 is the 30th in London)', () => {
    expect(escalationLevelOf(new Date('2026-03-28T12:00:00Z'), new Date('2026-03-29T23:30:00Z'))).toBe(2);
    expect(escalationLevelOf(new Date('2026-03-28T12:00:00Z'), new Date('2026-03-29T22:30:00Z'))).toBe(1);
  });

  it('never goes negative', () => {
    expect(escalationLevelOf(new Date('2026-11-21T09:00:00Z'), new Date('2026-11-20T09:00:00Z'))).toBe(0);
  });
});
