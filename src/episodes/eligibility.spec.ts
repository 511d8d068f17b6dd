import { assessEligibility, EligibilityRules, Referral } from './eligibility';

const RULES: EligibilityRules = {
  minimumAgeYears: 18,
  minPreviousAdmissions: 1,
  previousAdmissionLookbackMonths: 24,
  excludedDiagnosisGroups: ['organic'],
};
const REFERRAL: Referral = {
  dateOfBirth: '1990-06-01',
  referredOn: '2026-11-20',
  previousAdmissionDates: ['2025-03-14'],
  primaryDiagnosisGroup: 'psychotic',
};
const failed = (r: Referral, rules = RULES) =>
  assessEligibility(rules, r)
    .checks.filter((c) => !c.passed)
    .map((c) => c.rule);

describe('Eligibility at referral', () => {
  it('accepts an adult with a previous admission in the last two years and a diagnosis the site includes', () => {
    expect(assessEligibility(RULES, REFERRAL)).toMatchObject({ eligible: true });
  });

  it('turns 18 on their birthday, counted in Europe/London', () => {
    expect(failed({ ...REFERRAL, dateOfBirth: '2008-11-20' })).toEqual([]);
    expect(failed({ ...REFERRAL, dateOfBirth: '2008-11-21' })).toEqual(['adult']);
  });

  it('counts a birthday on 29 February as 28 February in a common year', () => {
    expect(failed({ ...REFERRAL, dateOfBirth: '2008-02-29', referredOn: '2026-02-28' })).toEqual([]);
    expect(failed({ ...REFERRAL, dateOfBirth: '2008-02-29', referredOn: '2026-02-27' })).toEqual(['adult']);
  });

  it('needs a previous admission within the lookback window', () => {
    expect(failed({ ...REFERRAL, previousAdmissionDates: [] })).toEqual(['previous_admissions']);
    expect(failed({ ...REFERRAL, previousAdmissionDates: ['2024-11-20'] })).toEqual([]);
    expect(failed({ ...REFERRAL, previousAdmissionDates: ['2024-11-19'] })).toEqual(['previous_admissions']);
    expect(failed({ ...REFERRAL, previousAdmissionDates: ['2027-01-01'] })).toEqual(['previous_admissions']);
  });

  it('uses the site’s own lookback and count', () => {
    const strict = { ...RULES, minPreviousAdmissions: 2, previousAdmissionLookbackMonths: 12 };
    expect(failed({ ...REFERRAL, previousAdmissionDates: ['2026-01-01', '2025-01-01'] }, strict)).toEqual([
      'previous_admissions',
    ]);
    expect(failed({ ...REFERRAL, previousAdmissionDates: ['2026-01-01', '2026-05-01'] }, strict)).toEqual([]);
  });

  it('refuses a primary diagnosis group the site excludes, and explains every failing rule', () => {
    const result = assessEligibility(RULES, {
      ...REFERRAL,
      primaryDiagnosisGroup: 'organic',
      dateOfBirth: '2010-01-01',
    });
    expect(result.eligible).toBe(false);
    expect(result.checks.filter((c) => !c.passed)).toEqual([
      {
        rule: 'adult',
        passed: false,
        explain: 'Aged 16 on the referral date; the service is for people aged 18 or over',
      },
      {
        rule: 'diagnosis_not_excluded',
        passed: false,
        explain: 'Primary diagnosis group organic is excluded at this site',
      },
    ]);
  });
});
