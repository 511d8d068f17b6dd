/** What a ward system tells ENRICH about a service user's inpatient stay. */
export const WARD_EVENT_TYPES = ['admission', 'discharge', 'readmission'] as const;
export type WardEventType = (typeof WARD_EVENT_TYPES)[number];

/**
 * What ENRICH did with an event: a discharge starts community support (`discharged`, first ward meeting
 * held or not), ends a readmission pause (`resumed`), or before pairing is recorded and puts the episode on
 * the urgent-pairing queue (`discharge_recorded`; also for usual care and before allocation); a readmission
 * pauses support (`paused`) or, after the episode ended, for usual care or before pairing, is kept as an
 * outcome (`readmission_recorded`); an admission is recorded, and places the service user on the named ward
 * when the site has one (`admission_recorded`). An admission of someone with no open support episode, sent
 * with their primary diagnosis group, refers them too (`referred`), unless the site's eligibility rules say
 * no (`not_eligible`: recorded, no referral). `unapplied`: kept with the reason, nothing else changed.
 */
export const WARD_EVENT_OUTCOMES = [
  'discharged',
  'resumed',
  'discharge_recorded',
  'paused',
  'readmission_recorded',
  'admission_recorded',
  'referred',
  'not_eligible',
  'unapplied',
] as const;
export type WardEventOutcome = (typeof WARD_EVENT_OUTCOMES)[number];

export const WARD_EVENT_STATUSES = ['applied', 'unapplied'] as const;
export type WardEventStatus = (typeof WARD_EVENT_STATUSES)[number];
