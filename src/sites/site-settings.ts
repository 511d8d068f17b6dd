import type { MeetingSetting } from '../common/vocabulary/meeting-vocabulary';
import type { DiagnosisGroup } from '../common/vocabulary/diagnosis';
import type { DigitalCompetency } from '../common/vocabulary/digital-competencies';
import { DEFAULT_SUPPORT_PLAN_TEMPLATE, SupportPlanTemplate } from './support-plan-template';

export const LONE_WORKING_ESCALATION_ROLES = ['coordinator', 'deputy'] as const;
export type LoneWorkingEscalationRole = (typeof LONE_WORKING_ESCALATION_ROLES)[number];

/**
 * Service settings each NHS Trust tunes. The defaults (from the ENRICH handbook and trial) live
 * here and only here; a site stores just the values it overrides.
 */
export interface SiteSettings {
  /** Most active service users a peer worker supports at once. */
  caseloadCap: number;
  /**
   * Pairing suggestions leave out peer workers absent at any time in this many days from today: the
   * expected start of support (the first ward meeting is due within the week, handbook 13.2).
   */
  pairingAvailabilityWindowDays: number;
  /** The community phase: intensive period, step-down (its length in weeks included) and ending; see support-plan-template.ts for defaults and bounds. */
  supportPlanTemplate: SupportPlanTemplate;
  /** The first community meeting is due within this many days of discharge. */
  firstCommunityMeetingWithinDays: number;
  /**
   * Readmission follow-up (the trial's primary outcome) runs this many days from the episode's index
   * discharge; a readmission later than that is still kept, flagged outside follow-up.
   */
  readmissionFollowUpDays: number;
  /** A missed lone-working check-out escalates this many minutes after the expected end. */
  loneWorkingGraceMinutes: number;
  /** Who a missed lone-working check-out escalates to, in order (handbook 14: coordinator, then the named deputy). */
  loneWorkingEscalationChain: LoneWorkingEscalationRole[];
  /** Each person in the chain has this many minutes to acknowledge before it moves to the next. */
  loneWorkingAcknowledgementMinutes: number;
  /** In-person meetings in these settings are held only after a checked-out lone-working visit (or with a reason). */
  loneWorkingRequiredSettings: MeetingSetting[];
  /** Preparation for ending is on the agenda from the first meeting: this many first held meetings default the flag on. */
  endingPreparationEarlyMeetings: number;
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
  /**
   * Digital peer support competencies a peer worker must have covered in a training session they attended before
   * they are ready to be paired (none by default: the ENRICH core programme does not require them).
   */
  requiredDigitalCompetencies: DigitalCompetency[];
}

export const DEFAULT_SITE_SETTINGS: Readonly<SiteSettings> = Object.freeze({
  caseloadCap: 6,
  pairingAvailabilityWindowDays: 7,
  supportPlanTemplate: DEFAULT_SUPPORT_PLAN_TEMPLATE,
  firstCommunityMeetingWithinDays: 7,
  readmissionFollowUpDays: 365,
  loneWorkingGraceMinutes: 30,
  loneWorkingEscalationChain: ['coordinator', 'deputy'] as LoneWorkingEscalationRole[],
  loneWorkingAcknowledgementMinutes: 15,
  loneWorkingRequiredSettings: ['service_user_home', 'community_venue', 'public_place'] as MeetingSetting[],
  endingPreparationEarlyMeetings: 3,
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
  requiredDigitalCompetencies: [] as DigitalCompetency[],
});

/** A site's effective settings: its overrides over the defaults. */
export function effectiveSiteSettings(overrides: Partial<SiteSettings> | null | undefined): SiteSettings {
  return { ...DEFAULT_SITE_SETTINGS, ...(overrides ?? {}) };
}
