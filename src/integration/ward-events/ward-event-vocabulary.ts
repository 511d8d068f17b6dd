/** What a ward system tells ENRICH about a service user's inpatient stay. */
export const WARD_EVENT_TYPES = ['admission', 'discharge', 'readmission'] as const;
export type WardEventType = (typeof WARD_EVENT_TYPES)[number];

/**
 * What ENRICH did with an accepted event: a discharge starts community support (`discharged`) or
 * ends a readmission pause (`resumed`); a readmission pauses support (`paused`); an admission is
 * recorded, and places the service user on the named ward when the site has one (`admission_recorded`).
 * An admission of someone with no open support episode, sent with their primary diagnosis group, refers
 * them too (`referred`), unless the site's eligibility rules say no (`not_eligible`: recorded, no referral).
 */
export const WARD_EVENT_OUTCOMES = [
  'discharged',
  'resumed',
  'paused',
  'admission_recorded',
  'referred',
  'not_eligible',
] as const;
export type WardEventOutcome = (typeof WARD_EVENT_OUTCOMES)[number];
