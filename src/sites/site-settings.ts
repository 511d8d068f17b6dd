import type { DiagnosisGroup } from '../episodes/diagnosis';
import { DEFAULT_SUPPORT_PLAN_TEMPLATE, SupportPlanTemplate } from './support-plan-template';

/**
 * Service settings each NHS Trust tunes. The defaults (from the ENRICH handbook and trial) live
 * here and only here; a site stores just the values it overrides.
 */
export interface SiteSettings {
  /** Most active service users a peer worker supports at once. */
  caseloadCap: number;
  /** The community phase: intensive period, step-down (its length in weeks included) and ending; see support-plan-template.ts for defaults and bounds. */
  supportPlanTemplate: SupportPlanTemplate;
  /** The first community meeting is due within this many days of discharge. */
  firstCommunityMeetingWithinDays: number;
  /** A missed lone-working check-out escalates this many minutes after the expected end. */
  loneWorkingGraceMinutes: number;
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
  supportPlanTemplate: DEFAULT_SUPPORT_PLAN_TEMPLATE,
  firstCommunityMeetingWithinDays: 7,
  loneWorkingGraceMinutes: 30,
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
