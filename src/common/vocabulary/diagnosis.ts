/** Primary diagnosis group recorded at referral: drives eligibility exclusions and the randomisation stratum. */
export const DIAGNOSIS_GROUPS = [
  'psychotic',
  'personality_disorder',
  'mood',
  'anxiety',
  'eating_disorder',
  'substance_use',
  'organic',
  'learning_disability',
  'other',
] as const;
export type DiagnosisGroup = (typeof DIAGNOSIS_GROUPS)[number];

export const DIAGNOSTIC_STRATA = ['psychotic', 'personality_disorder', 'other_non_psychotic'] as const;
/** The trial's stratification: psychotic disorders, personality disorders, other eligible non-psychotic disorders. */
export type DiagnosticStratum = (typeof DIAGNOSTIC_STRATA)[number];

export function stratumOf(group: DiagnosisGroup): DiagnosticStratum {
  return group === 'psychotic' || group === 'personality_disorder' ? group : 'other_non_psychotic';
}
