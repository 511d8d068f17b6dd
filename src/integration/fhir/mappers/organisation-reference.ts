import type { Organization, Reference } from '@medplum/fhirtypes';
import { ODS_ORGANISATION_SYSTEM } from '../fhir-vocabulary';

export interface SiteFacts {
  name: string;
  odsCode: string;
}

/** The Trust (site) as a logical reference by ODS code: ENRICH does not serve Organization resources. */
export function organisationReference(site: SiteFacts): Reference<Organization> {
  return { identifier: { system: ODS_ORGANISATION_SYSTEM, value: site.odsCode }, display: site.name };
}
