/** NHS ethnic category codes (NHS Data Dictionary, ETHNIC CATEGORY; Z = not stated). */
export const ETHNIC_CATEGORY_CODES = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'J',
  'K',
  'L',
  'M',
  'N',
  'P',
  'R',
  'S',
  'Z',
  '99',
] as const;
export type EthnicCategoryCode = (typeof ETHNIC_CATEGORY_CODES)[number];

/** Gender as the service user describes it (NHS Data Dictionary PERSON STATED GENDER CODE, words not digits). */
export const GENDERS = ['male', 'female', 'non_binary', 'other', 'not_stated'] as const;
export type Gender = (typeof GENDERS)[number];

export const CONSENT_KINDS = ['peer_support', 'research'] as const;
/** Consent to peer support and, separately, to take part in the evaluation/research. */
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const PREFERENCE_KINDS = [
  'peer_gender',
  'peer_age_range',
  'ethnicity_or_culture',
  'language',
  'shared_experience',
  'does_not_want',
] as const;
/** What a service user may ask for in a peer worker at the preference meeting (handbook 12.2). */
export type PreferenceKind = (typeof PREFERENCE_KINDS)[number];

export const PREFERENCE_WEIGHTS = ['must', 'nice_to_have'] as const;
/** "must" filters candidate peer workers; "nice to have" scores them. */
export type PreferenceWeight = (typeof PREFERENCE_WEIGHTS)[number];
