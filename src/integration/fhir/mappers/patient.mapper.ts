import type { Patient } from '@medplum/fhirtypes';
import type { ServiceUser } from '../../../service-users/entities/service-user.entity';
import { ADMINISTRATIVE_GENDER, NHS_NUMBER_SYSTEM, ODS_ORGANISATION_SYSTEM, UK_CORE_PROFILE } from '../fhir-vocabulary';
import { organisationReference, SiteFacts } from './organisation-reference';

/** A service user as a UK Core Patient: NHS number, official name, birth date, administrative gender, managing Trust. */
export function toPatient(serviceUser: ServiceUser, site: SiteFacts): Patient {
  return {
    resourceType: 'Patient',
    id: serviceUser.id,
    meta: {
      versionId: String(serviceUser.version),
      lastUpdated: serviceUser.updatedAt.toISOString(),
      profile: [UK_CORE_PROFILE('Patient')],
    },
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: serviceUser.nhsNumber }],
    active: true,
    name: [{ use: 'official', family: serviceUser.familyName, given: [serviceUser.givenName] }],
    gender: ADMINISTRATIVE_GENDER[serviceUser.gender],
    birthDate: serviceUser.dateOfBirth,
    ...(serviceUser.gpPracticeCode
      ? {
          generalPractitioner: [{ identifier: { system: ODS_ORGANISATION_SYSTEM, value: serviceUser.gpPracticeCode } }],
        }
      : {}),
    managingOrganization: organisationReference(site),
  };
}
