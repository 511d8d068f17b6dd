import { DateTime } from 'luxon';

export const FOLLOW_UP_STATUSES = ['awaiting_discharge', 'not_arranged', 'met', 'not_met'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export interface FollowUpCompliance {
  status: FollowUpStatus;
  /** The last date that meets the standard (discharge date + 3 days); null until discharge is known. */
  dueBy: string | null;
  /** Whole days from discharge to the follow-up date; null until both are known. */
  daysAfterDischarge: number | null;
}

/** The national standard: community-team follow-up within 72 hours of discharge. */
export const FOLLOW_UP_WITHIN_DAYS = 3;

/**
 * Whether the community team's follow-up meets the 72-hour standard. Both are calendar dates (what the
 * ward records), so "within 72 hours" means on the discharge day or one of the next three days.
 */
export function followUpCompliance(
  dischargedOn: string | null,
  arranged: boolean,
  followUpOn: string | null,
): FollowUpCompliance {
  if (dischargedOn === null) return { status: 'awaiting_discharge', dueBy: null, daysAfterDischarge: null };
  const discharge = DateTime.fromISO(dischargedOn, { zone: 'UTC' });
  const dueBy = discharge.plus({ days: FOLLOW_UP_WITHIN_DAYS }).toISODate()!;
  if (!arranged || followUpOn === null) return { status: 'not_arranged', dueBy, daysAfterDischarge: null };
  const days = Math.round(DateTime.fromISO(followUpOn, { zone: 'UTC' }).diff(discharge, 'days').days);
  return { status: days >= 0 && days <= FOLLOW_UP_WITHIN_DAYS ? 'met' : 'not_met', dueBy, daysAfterDischarge: days };
}
