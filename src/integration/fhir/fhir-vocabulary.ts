import type { CareTeam, EpisodeOfCare, Patient } from '@medplum/fhirtypes';
import type { Gender } from '../../service-users/service-user-vocabulary';
import type { SupportEpisodeState } from '../../episodes/support-episode.state-machine';

export const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';
export const FHIR_VERSION = '4.0.1';
export const FHIR_BASE_PATH = '/fhir/r4';

/** UK Core: the NHS number identifier system, and ODS codes for organisations. */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_ORGANISATION_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const UK_CORE_PROFILE = (name: string) => `https://fhir.hl7.org.uk/StructureDefinition/UKCore-${name}`;

/**
 * The UK Core (R4) profiles that exist for what this server returns. Location and Organization have UK Core
 * profiles too, but ENRICH serves neither (Trusts are logical references by ODS code, meeting places display-only);
 * CapabilityStatement has none.
 */
export const UK_CORE_PROFILED_TYPES = [
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'EpisodeOfCare',
  'CareTeam',
  'Encounter',
  'Appointment',
  'CarePlan',
  'Bundle',
  'OperationOutcome',
] as const;

/**
 * UK Core NHS number verification status (England). ENRICH checks an NHS number's check digit but does not
 * trace it against the Personal Demographics Service, so every number is "present but not traced" (02).
 */
export const NHS_NUMBER_VERIFICATION_STATUS_EXTENSION =
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
export const NHS_NUMBER_NOT_TRACED = {
  system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
  code: '02',
  display: 'Number present but not traced',
};

/** Gender as stated maps onto FHIR administrative gender; non-binary and other are `other`. */
export const ADMINISTRATIVE_GENDER: Record<Gender, NonNullable<Patient['gender']>> = {
  male: 'male',
  female: 'female',
  non_binary: 'other',
  other: 'other',
  not_stated: 'unknown',
};

/**
 * The support episode's workflow state as an EpisodeOfCare status. Referred is `planned` (not yet
 * allocated), awaiting pairing is `waitlist`; any state in which peer support is being delivered is
 * `active`; a readmission pauses community support (`onhold`); an ended episode is `finished`; an
 * episode allocated to usual care never receives peer support, so it is `cancelled`.
 */
export const EPISODE_OF_CARE_STATUS: Record<SupportEpisodeState, EpisodeOfCare['status']> = {
  referred: 'planned',
  awaiting_pairing: 'waitlist',
  paired: 'active',
  ward_support: 'active',
  community_support: 'active',
  step_down: 'active',
  readmitted: 'onhold',
  ended: 'finished',
  allocated_usual_care: 'cancelled',
};

/** The CareTeam's status follows the episode: proposed until paired, active while supported or paused, inactive after. */
export const CARE_TEAM_STATUS: Record<SupportEpisodeState, NonNullable<CareTeam['status']>> = {
  referred: 'proposed',
  awaiting_pairing: 'proposed',
  paired: 'active',
  ward_support: 'active',
  community_support: 'active',
  step_down: 'active',
  readmitted: 'active',
  ended: 'inactive',
  allocated_usual_care: 'inactive',
};

/** The workflow states behind each EpisodeOfCare status, for `EpisodeOfCare?status=`. */
export function statesForEpisodeOfCareStatus(status: string): SupportEpisodeState[] | null {
  const states = (Object.entries(EPISODE_OF_CARE_STATUS) as [SupportEpisodeState, string][])
    .filter(([, s]) => s === status)
    .map(([state]) => state);
  const known = ['planned', 'waitlist', 'active', 'onhold', 'finished', 'cancelled', 'entered-in-error'];
  return known.includes(status) ? states : null;
}
