import type { DiagnosisGroup } from '../episodes/diagnosis';

/**
 * Service settings each NHS Trust tunes. The defaults (from the ENRICH handbook and trial) live
 * here and only here; a site stores just the values it overrides.
 */
export interface SiteSettings {
  /** Most active service users a peer worker supports at once. */
  caseloadCap: number;
  /** Length of the community step-down, in weeks. */
  stepDownWeeks: number;
  /** The first community meeting is due within this many days of discharge. */
  firstCommunityMeetingWithinDays: number;
  /** A missed lone-working check-out escalates this many minutes after the expected end. */
  loneWorkingGraceMinutes: number;
  /** An unacknowledged lone-working escalation goes on to the deputy this many minutes after the coordinator's. */
  loneWorkingDeputyAfterMinutes: number;
  /** The peer worker is reminded of each planned meeting this many hours before it. */
  meetingReminderLeadHours: number;
  /** Expected supervision frequency, in days. */
  groupSupervisionEveryDays: number;
  individualSupervisionEveryDays: number;
  /** Absences up to this many days are short-term (covered in-team); longer ones are long-term. */
  shortTermAbsenceMaxDays: number;
  /** Trial mode: `randomised` allocates consented service users 1:1 to peer support or usual care. */
  allocation: 'none' | 'randomised';
  /** Eligibility checked at referral: minimum age in whole years on the referral date. */
  eligibilityMinimumAgeYears: number;
  /** At least this many previous psychiatric admissions … */
  eligibilityMinPreviousAdmissions: number;
  /** … in this many months before the referral. */
  eligibilityAdmissionLookbackMonths: number;
  /** Primary diagnosis groups the site does not take (see DIAGNOSIS_GROUPS). */
  eligibilityExcludedDiagnosisGroups: DiagnosisGroup[];
}

export const DEFAULT_SITE_SETTINGS: Readonly<SiteSettings> = Object.freeze({
  caseloadCap: 6,
  stepDownWeeks: 10,
  firstCommunityMeetingWithinDays: 7,
  loneWorkingGraceMinutes: 30,
  loneWorkingDeputyAfterMinutes: 15,
  meetingReminderLeadHours: 24,
  groupSupervisionEveryDays: 14,
  individualSupervisionEveryDays: 30,
  shortTermAbsenceMaxDays: 14,
  allocation: 'none',
  eligibilityMinimumAgeYears: 18,
  eligibilityMinPreviousAdmissions: 1,
  eligibilityAdmissionLookbackMonths: 24,
  // As in the ENRICH trial: a primary diagnosis of an organic disorder, learning disability or substance use was excluded.
  eligibilityExcludedDiagnosisGroups: ['organic', 'learning_disability', 'substance_use'] as DiagnosisGroup[],
});

/** A site's effective settings: its overrides over the defaults. */
export function effectiveSiteSettings(overrides: Partial<SiteSettings> | null | undefined): SiteSettings {
  return { ...DEFAULT_SITE_SETTINGS, ...(overrides ?? {}) };
}
