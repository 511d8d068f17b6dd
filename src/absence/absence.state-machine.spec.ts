import { ABSENCE_STATES, absenceMachine as machine, AbsenceFacts, AbsenceState } from './absence.state-machine';

const ok: AbsenceFacts = { today: '2026-12-22', startsOn: '2026-12-21', endedOn: '2026-12-22' };

const ALLOWED: ReadonlyArray<[AbsenceState, AbsenceState]> = [
  ['planned', 'active'],
  ['active', 'ended'],
  ['planned', 'cancelled'],
];

describe('absence state machine', () => {
  const pairs = ABSENCE_STATES.flatMap((from) =>
    ABSENCE_STATES.map((to) => [from, to] as [AbsenceState, AbsenceState]),
  );

  it.each(ALLOWED)('allows %s → %s when its conditions hold', (from, to) => {
    expect(machine.check(from, to, ok)).toEqual({ allowed: true });
  });

  it.each(pairs.filter(([f, t]) => !ALLOWED.some(([a, b]) => a === f && b === t)))(
    'refuses %s → %s as not in the table',
    (from, to) => {
      expect(machine.check(from, to, ok)).toMatchObject({ allowed: false, rule: 'transition_not_in_table' });
    },
  );

  it('refuses to cancel an absence that has started (it is ended instead, since cover may be running)', () => {
    expect(machine.check('active', 'cancelled', ok)).toMatchObject({ allowed: false });
  });

  it('refuses to start a planned absence before its start date', () => {
    expect(machine.check('planned', 'active', { ...ok, startsOn: '2026-12-23' })).toMatchObject({
      allowed: false,
      rule: 'start_date_reached',
    });
  });

  it('refuses to end an absence without the last day away', () => {
    expect(machine.check('active', 'ended', { ...ok, endedOn: null })).toMatchObject({
      allowed: false,
      rule: 'ended_on_recorded',
    });
  });

  it('refuses to end an absence before it started, or on a day still to come', () => {
    expect(machine.check('active', 'ended', { ...ok, endedOn: '2026-12-20' })).toMatchObject({
      allowed: false,
      rule: 'end_not_before_start',
    });
    expect(machine.check('active', 'ended', { ...ok, endedOn: '2026-12-23' })).toMatchObject({
      allowed: false,
      rule: 'end_not_in_future',
    });
  });
});
