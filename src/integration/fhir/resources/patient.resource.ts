import { Injectable } from '@nestjs/common';
import type { Patient } from '@medplum/fhirtypes';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { normaliseNhsNumber } from '../../../common/nhs-number/nhs-number';
import type { ServiceUser } from '../../../service-users/entities/service-user.entity';
import { ServiceUserScopes } from '../../../service-users/service-user-scope.service';
import { PatientSearch, ServiceUsersRepository } from '../../../service-users/service-users.repository';
import { invalidSearch } from '../fhir-errors';
import { isRecordId, SearchRequest } from '../fhir-search';
import { NHS_NUMBER_SYSTEM, UK_CORE_PROFILE } from '../fhir-vocabulary';
import { toPatient } from '../mappers/patient.mapper';
import { FhirMatch, FhirResourceDefinition } from './fhir-resource-definition';

/**
 * Service users as Patients, with the same record-level scope as the REST API. Read through the service
 * users area's ServiceUsersRepository, never its entities.
 */
@Injectable()
export class PatientResource implements FhirResourceDefinition<Patient> {
  readonly type = 'Patient';
  readonly profile = UK_CORE_PROFILE('Patient');
  readonly documentation = 'A service user referred for peer support for discharge';
  readonly searchParams = {
    identifier: {
      type: 'token' as const,
      documentation: `NHS number: ${NHS_NUMBER_SYSTEM}|<10 digits> (or the bare number)`,
    },
  };

  constructor(
    private readonly serviceUsers: ServiceUsersRepository,
    private readonly scopes: ServiceUserScopes,
  ) {}

  private match = (su: ServiceUser): FhirMatch<Patient> => ({
    resource: toPatient(su, su.site!),
    serviceUserId: su.id,
  });

  async read(actor: Actor, id: string): Promise<FhirMatch<Patient> | null> {
    if (!isRecordId(id)) return null;
    const su = await this.serviceUsers.readWithSite(await this.scopes.of(actor), id);
    return su ? this.match(su) : null;
  }

  async search(actor: Actor, search: SearchRequest, read: EntityManager) {
    const filter: PatientSearch = { ids: search.ids?.filter(isRecordId) ?? null };
    const identifier = search.params.identifier;
    if (identifier !== undefined) {
      const [system, value] = identifier.includes('|') ? identifier.split('|', 2) : [null, identifier];
      if (!value) throw invalidSearch('identifier', 'identifier needs a value: system|value');
      // Only NHS numbers are identifiers here: another system matches nobody.
      if (system && system !== NHS_NUMBER_SYSTEM) filter.nothing = true;
      filter.nhsNumber = normaliseNhsNumber(value);
    }
    const { total, rows } = await this.serviceUsers.searchWithSite(await this.scopes.of(actor), filter, search, read);
    return { total, matches: rows.map(this.match) };
  }
}
