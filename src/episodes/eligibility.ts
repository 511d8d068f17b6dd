import { DateTime } from 'luxon';
import type { DiagnosisGroup } from '../common/vocabulary/diagnosis';

const LONDON = 'Europe/London';

/** A site's eligibility rule set (defaults in DEFAULT_SITE_SETTINGS). */
export interface EligibilityRules {
  minimumAgeYears: number;
  minPreviousAdmissions: number;
  previousAdmissionLookbackMonths: number;
  excludedDiagnosisGroups: readonly DiagnosisGroup[];
}

export interface Referral {
  dateOfBirth: string;
  referredOn: string;
  /** Dates of earlier psychiatric admissions (not the current one). */
  previousAdmissionDates: readonly string[];
  primaryDiagnosisGroup: DiagnosisGroup;
}

export interface EligibilityCheck {
  rule: 'adult' | 'previous_admissions' | 'diagnosis_not_excluded';
  passed: boolean;
  explain: string;
}

export interface EligibilityAssessment {
  eligible: boolean;
  checks: EligibilityCheck[];
}

const date = (iso: string) => DateTime.fromISO(iso, { zone: LONDON }).startOf('day');

/** Check a referral against a site's rules, explaining each rule whether it passes or not. */
export function assessEligibility(rules: EligibilityRules, referral: Referral): EligibilityAssessment {
  const referredOn = date(referral.referredOn);
  const age = Math.floor(referredOn.diff(date(referral.dateOfBirth), 'years').years);
  const windowStart = referredOn.minus({ months: rules.previousAdmissionLookbackMonths });
  const inWindow = referral.previousAdmissionDates.map(date).filter((d) => d >= windowStart && d <= referredOn).length;
  const excluded = rules.excludedDiagnosisGroups.includes(referral.primaryDiagnosisGroup);
  const checks: EligibilityCheck[] = [
    {
      rule: 'adult',
      passed: age >= rules.minimumAgeYears,
      explain: `Aged ${age} on the referral date; the service is for people aged ${rules.minimumAgeYears} or over`,
    },
    {
      rule: 'previous_admissions',
      passed: inWindow >= rules.minPreviousAdmissions,
      explain: `${inWindow} previous psychiatric admission(s) in the ${rules.previousAdmissionLookbackMonths} months before referral; at least ${rules.minPreviousAdmissions} needed`,
    },
    {
      rule: 'diagnosis_not_excluded',
      passed: !excluded,
      explain: excluded
        ? `Primary diagnosis group ${referral.primaryDiagnosisGroup} is excluded at this site`
        : `Primary diagnosis group ${referral.primaryDiagnosisGroup} is not excluded at this site`,
    },
  ];
  return { eligible: checks.every((c) => c.passed), checks };
}
