import type { ServiceUser } from '../../../service-users/entities/service-user.entity';
import type { Address, ContactPoint, Patient } from '@medplum/fhirtypes';
import {
  ADMINISTRATIVE_GENDER,
  NHS_NUMBER_NOT_TRACED,
  NHS_NUMBER_SYSTEM,
  NHS_NUMBER_VERIFICATION_STATUS_EXTENSION,
  ODS_ORGANISATION_SYSTEM,
  UK_CORE_PROFILE,
} from '../fhir-vocabulary';
import { organisationReference, SiteFacts } from './organisation-reference';

/** The contact details the service user gave, as telecom (phone, email) and a home address, when given. */
function contactOf(contact: ServiceUser['contact']): { telecom?: ContactPoint[]; address?: Address[] } {
  const telecom: ContactPoint[] = [
    ...(contact?.phone ? [{ system: 'phone' as const, value: contact.phone }] : []),
    ...(contact?.email ? [{ system: 'email' as const, value: contact.email }] : []),
  ];
  const lines = contact?.addressLines?.filter((line) => line.trim() !== '') ?? [];
  const address: Address[] =
    lines.length > 0 || contact?.postcode
      ? [
          {
            use: 'home',
            ...(lines.length > 0 ? { line: lines } : {}),
            ...(contact?.postcode ? { postalCode: contact.postcode } : {}),
          },
        ]
      : [];
  return { ...(telecom.length > 0 ? { telecom } : {}), ...(address.length > 0 ? { address } : {}) };
}

/**
 * A service user as a UK Core Patient, with its must-support elements where ENRICH holds them: the NHS number
 * (with its verification status), active, official name, the contact details given (telecom, home address),
 * administrative gender, birth date, managing Trust; and the GP practice when known.
 */
export function toPatient(serviceUser: ServiceUser, site: SiteFacts): Patient {
  return {
    resourceType: 'Patient',
    id: serviceUser.id,
    meta: {
      versionId: String(serviceUser.version),
      lastUpdated: serviceUser.updatedAt.toISOString(),
      profile: [UK_CORE_PROFILE('Patient')],
    },
    identifier: [
      {
        extension: [
          { url: NHS_NUMBER_VERIFICATION_STATUS_EXTENSION, valueCodeableConcept: { coding: [NHS_NUMBER_NOT_TRACED] } },
        ],
        system: NHS_NUMBER_SYSTEM,
        value: serviceUser.nhsNumber,
      },
    ],
    active: true,
    name: [{ use: 'official', family: serviceUser.familyName, given: [serviceUser.givenName] }],
    ...contactOf(serviceUser.contact),
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
