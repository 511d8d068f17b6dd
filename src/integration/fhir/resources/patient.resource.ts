import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Patient } from '@medplum/fhirtypes';
import { DataSource } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { ServiceUser } from '../../../service-users/entities/service-user.entity';
import { ServiceUserScopes } from '../../../service-users/service-user-scope.service';
import { invalidSearch } from '../fhir-errors';
import { isRecordId, SearchRequest } from '../fhir-search';
import { NHS_NUMBER_SYSTEM, UK_CORE_PROFILE } from '../fhir-vocabulary';
import { toPatient } from '../mappers/patient.mapper';
import { FhirMatch, FhirResourceDefinition, pageOf } from './fhir-resource-definition';

/** Service users as Patients, with the same record-level scope as the REST API. */
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scopes: ServiceUserScopes,
  ) {}

  private async scoped(actor: Actor) {
    const qb = this.dataSource
      .getRepository(ServiceUser)
      .createQueryBuilder('su')
      .innerJoinAndSelect('su.site', 'site');
    return ServiceUserScopes.restrict(qb, 'su', await this.scopes.of(actor));
  }

  private match = (su: ServiceUser): FhirMatch<Patient> => ({
    resource: toPatient(su, su.site!),
    serviceUserId: su.id,
  });

  async read(actor: Actor, id: string): Promise<FhirMatch<Patient> | null> {
    if (!isRecordId(id)) return null;
    const su = await (await this.scoped(actor)).andWhere('su.id = :id', { id }).getOne();
    return su ? this.match(su) : null;
  }

  async search(actor: Actor, search: SearchRequest) {
    const qb = await this.scoped(actor);
    if (search.ids) qb.andWhere('su.id = ANY(:ids::uuid[])', { ids: search.ids.filter(isRecordId) });
    const identifier = search.params.identifier;
    if (identifier !== undefined) {
      const [system, value] = identifier.includes('|') ? identifier.split('|', 2) : [null, identifier];
      if (!value) throw invalidSearch('identifier', 'identifier needs a value: system|value');
      // Only NHS numbers are identifiers here: another system matches nobody.
      if (system && system !== NHS_NUMBER_SYSTEM) qb.andWhere('false');
      qb.andWhere('su.nhsNumber = :nhsNumber', { nhsNumber: value.replace(/\s/g, '') });
    }
    const { total, rows } = await pageOf(qb, 'su', search);
    return { total, matches: rows.map(this.match) };
  }
}
