import { ForbiddenTransitionError } from '../../common/errors/domain-errors';
import { MEETING_GUARDS, meetingMachine as machine, MeetingTransitionFacts } from './meeting.state-machine';
import { MEETING_STATUSES, MeetingStatus } from '../../common/vocabulary/meeting-vocabulary';

const now = new Date('2026-11-10T12:00:00Z');
const complete: MeetingTransitionFacts = {
  now,
  actualStartAt: new Date('2026-11-10T10:00:00Z'),
  actualEndAt: new Date('2026-11-10T11:00:00Z'),
  missedBy: 'service_user',
  cancelledBy: 'peer_worker',
  reason: 'Unwell today',
  newPlannedStartAt: new Date('2026-11-12T10:00:00Z'),
};

const ALLOWED: ReadonlyArray<[MeetingStatus, MeetingStatus]> = [
  ['planned', 'held'],
  ['planned', 'missed'],
  ['planned', 'cancelled'],
  ['planned', 'rescheduled'],
];

describe('meeting status machine', () => {
  const pairs = MEETING_STATUSES.flatMap((from) =>
    MEETING_STATUSES.map((to) => [from, to] as [MeetingStatus, MeetingStatus]),
  );

  it.each(ALLOWED)('allows %s → %s when its conditions hold', (from, to) => {
    expect(machine.check(from, to, complete)).toEqual({ allowed: true });
  });

  it.each(pairs.filter(([f, t]) => !ALLOWED.some(([a, b]) => a === f && b === t)))(
    'refuses %s → %s as not in the table',
    (from, to) => {
      expect(machine.check(from, to, complete)).toMatchObject({ allowed: false, rule: 'transition_not_in_table' });
      expect(() => machine.assert(from, to, complete)).toThrow(ForbiddenTransitionError);
    },
  );

  it('treats held, missed, cancelled and rescheduled as final', () => {
    for (const end of ['held', 'missed', 'cancelled', 'rescheduled'] as const)
      expect(machine.targetsFrom(end)).toEqual([]);
  });

  it('refuses to record a meeting as held before it started', () => {
    const future = {
      ...complete,
      actualStartAt: new Date('2026-11-10T12:00:01Z'),
      actualEndAt: new Date('2026-11-10T13:00:00Z'),
    };
    expect(machine.check('planned', 'held', future)).toMatchObject({
      allowed: false,
      rule: MEETING_GUARDS.heldNotInFuture.rule,
    });
  });

  it('accepts a held meeting that started exactly now', () => {
    expect(
      machine.check('planned', 'held', {
        ...complete,
        actualStartAt: now,
        actualEndAt: new Date(now.getTime() + 60_000),
      }),
    ).toEqual({ allowed: true });
  });

  it('refuses a held meeting without its actual times, or ending before it starts', () => {
    expect(machine.check('planned', 'held', { ...complete, actualEndAt: null })).toMatchObject({
      rule: 'actual_times_given',
    });
    expect(machine.check('planned', 'held', { ...complete, actualEndAt: complete.actualStartAt })).toMatchObject({
      rule: 'actual_end_after_start',
    });
  });

  it('refuses a missed meeting without who missed it', () => {
    expect(machine.check('planned', 'missed', { ...complete, missedBy: null })).toMatchObject({
      allowed: false,
      rule: 'missed_by_given',
    });
  });

  it('refuses a cancellation without who cancelled or why', () => {
    expect(machine.check('planned', 'cancelled', { ...complete, cancelledBy: null })).toMatchObject({
      rule: 'cancelled_by_given',
    });
    expect(machine.check('planned', 'cancelled', { ...complete, reason: '  ' })).toMatchObject({
      rule: 'reason_given',
    });
  });

  it('refuses a reschedule without the new time or a reason', () => {
    expect(machine.check('planned', 'rescheduled', { ...complete, newPlannedStartAt: null })).toMatchObject({
      rule: 'new_time_given',
    });
    expect(machine.check('planned', 'rescheduled', { ...complete, reason: null })).toMatchObject({
      rule: 'reason_given',
    });
  });
});
