import type { LoneWorkingEscalationRole } from '../../sites/site-settings';

export const VISIT_SAFETY_STATES = [
  'checked_out',
  'on_time',
  'grace',
  'overdue_escalate_coordinator',
  'overdue_escalate_deputy',
  'overdue_acknowledged',
] as const;
export type VisitSafetyState = (typeof VISIT_SAFETY_STATES)[number];

export interface VisitTimes {
  expectedEndAt: Date;
  checkedOutAt: Date | null;
  /** When someone in the escalation chain acknowledged the overdue visit (they are following it up). */
  escalationAcknowledgedAt: Date | null;
}

export interface EscalationPolicy {
  graceMinutes: number;
  chain: readonly LoneWorkingEscalationRole[];
  acknowledgementMinutes: number;
}

export interface VisitSafety {
  state: VisitSafetyState;
  /** Who the visit escalates to now (null unless overdue and unacknowledged). */
  escalateTo: LoneWorkingEscalationRole | null;
  /** When the state next changes by the clock alone (null once checked out, acknowledged, or at the end of the chain). */
  nextChangeAt: Date | null;
}

const MINUTE = 60_000;

/**
 * A lone-working visit's safety at `now` (handbook 14): on time until the expected end, then a grace
 * period, then escalation along the site's chain, each person having the acknowledgement window before
 * it moves to the next. Checking out (at any time) or an acknowledgement stops the clock. Instants only:
 * a visit's times are absolute, so clock changes do not matter here.
 */
export function visitSafetyAt(visit: VisitTimes, policy: EscalationPolicy, now: Date): VisitSafety {
  if (visit.checkedOutAt !== null && visit.checkedOutAt.getTime() <= now.getTime())
    return { state: 'checked_out', escalateTo: null, nextChangeAt: null };
  const end = visit.expectedEndAt.getTime();
  const graceEnds = end + policy.graceMinutes * MINUTE;
  const t = now.getTime();
  if (t <= end) return { state: 'on_time', escalateTo: null, nextChangeAt: new Date(end + 1) };
  if (t <= graceEnds) return { state: 'grace', escalateTo: null, nextChangeAt: new Date(graceEnds + 1) };
  if (visit.escalationAcknowledgedAt !== null && visit.escalationAcknowledgedAt.getTime() <= t) {
    return { state: 'overdue_acknowledged', escalateTo: null, nextChangeAt: null };
  }
  const window = policy.acknowledgementMinutes * MINUTE;
  const step = Math.min(Math.floor((t - graceEnds - 1) / window), policy.chain.length - 1);
  const escalateTo = policy.chain[step];
  const last = step === policy.chain.length - 1;
  return {
    state: escalateTo === 'coordinator' ? 'overdue_escalate_coordinator' : 'overdue_escalate_deputy',
    escalateTo,
    nextChangeAt: last ? null : new Date(graceEnds + (step + 1) * window + 1),
  };
}
