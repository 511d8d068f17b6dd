import { followUpCompliance } from './follow-up-standard';

describe('72-hour community follow-up standard', () => {
  it('waits for the actual discharge date', () => {
    expect(followUpCompliance(null, true, '2026-11-22')).toEqual({
      status: 'awaiting_discharge',
      dueBy: null,
      daysAfterDischarge: null,
    });
  });

  it.each([
    ['2026-11-20', 'met', 0],
    ['2026-11-23', 'met', 3],
    ['2026-11-24', 'not_met', 4],
    ['2026-11-19', 'not_met', -1],
  ])('a follow-up on %s after a discharge on 2026-11-20 is %s', (followUpOn, status, days) => {
    expect(followUpCompliance('2026-11-20', true, followUpOn)).toEqual({
      status,
      dueBy: '2026-11-23',
      daysAfterDischarge: days,
    });
  });

  it('counts calendar days across the clock change', () => {
    expect(followUpCompliance('2026-10-23', true, '2026-10-26')).toMatchObject({
      status: 'met',
      daysAfterDischarge: 3,
    });
  });

  it('reports a follow-up that was never arranged', () => {
    expect(followUpCompliance('2026-11-20', false, null)).toEqual({
      status: 'not_arranged',
      dueBy: '2026-11-23',
      daysAfterDischarge: null,
    });
  });
});
