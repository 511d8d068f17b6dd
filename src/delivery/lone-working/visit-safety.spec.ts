import fc from 'fast-check';
import { EscalationPolicy, VISIT_SAFETY_STATES, visitSafetyAt } from './visit-safety';

const end = new Date('2026-11-25T11:00:00Z');
const policy: EscalationPolicy = { graceMinutes: 30, chain: ['coordinator', 'deputy'], acknowledgementMinutes: 15 };
const open = { expectedEndAt: end, checkedOutAt: null, escalationAcknowledgedAt: null };
const at = (minutesAfterEnd: number) => new Date(end.getTime() + minutesAfterEnd * 60_000);

describe('lone-working visit safety', () => {
  it.each([
    [-60, 'on_time', null],
    [0, 'on_time', null],
    [1, 'grace', null],
    [30, 'grace', null],
    [31, 'overdue_escalate_coordinator', 'coordinator'],
    [45, 'overdue_escalate_coordinator', 'coordinator'],
    [46, 'overdue_escalate_deputy', 'deputy'],
    [600, 'overdue_escalate_deputy', 'deputy'],
  ])('%s minutes after the expected end is %s', (minutes, state, escalateTo) => {
    expect(visitSafetyAt(open, policy, at(minutes))).toMatchObject({ state, escalateTo });
  });

  it('is safe once checked out, whenever that was', () => {
    expect(visitSafetyAt({ ...open, checkedOutAt: at(90) }, policy, at(120))).toEqual({
      state: 'checked_out',
      escalateTo: null,
      nextChangeAt: null,
    });
  });

  it('stops escalating once someone acknowledges', () => {
    expect(visitSafetyAt({ ...open, escalationAcknowledgedAt: at(40) }, policy, at(100))).toMatchObject({
      state: 'overdue_acknowledged',
      escalateTo: null,
    });
  });

  it('follows the site’s own chain and windows', () => {
    const deputyOnly: EscalationPolicy = { graceMinutes: 10, chain: ['deputy'], acknowledgementMinutes: 5 };
    expect(visitSafetyAt(open, deputyOnly, at(11))).toMatchObject({
      state: 'overdue_escalate_deputy',
      nextChangeAt: null,
    });
  });

  it('says when the state next changes, and it does change then', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -120, max: 300 }),
        fc.integer({ min: 1, max: 240 }),
        fc.integer({ min: 5, max: 120 }),
        fc.constantFrom(
          ['coordinator', 'deputy'] as const,
          ['coordinator'] as const,
          ['deputy', 'coordinator'] as const,
        ),
        (minutes, graceMinutes, acknowledgementMinutes, chain) => {
          const p: EscalationPolicy = { graceMinutes, acknowledgementMinutes, chain };
          const now = at(minutes);
          const safety = visitSafetyAt(open, p, now);
          expect(VISIT_SAFETY_STATES).toContain(safety.state);
          if (safety.nextChangeAt) {
            expect(safety.nextChangeAt.getTime()).toBeGreaterThan(now.getTime());
            const later = visitSafetyAt(open, p, safety.nextChangeAt);
            expect([later.state, later.escalateTo]).not.toEqual([safety.state, safety.escalateTo]);
            // Nothing changes before then.
            const justBefore = visitSafetyAt(open, p, new Date(safety.nextChangeAt.getTime() - 1));
            expect(justBefore).toMatchObject({ state: safety.state, escalateTo: safety.escalateTo });
          }
        },
      ),
    );
  });

  it('never escalates before the grace period has passed', () => {
    fc.assert(
      fc.property(fc.integer({ min: -600, max: 240 }), fc.integer({ min: 1, max: 240 }), (minutes, graceMinutes) => {
        fc.pre(minutes <= graceMinutes);
        expect(visitSafetyAt(open, { ...policy, graceMinutes }, at(minutes)).escalateTo).toBeNull();
      }),
    );
  });
});
