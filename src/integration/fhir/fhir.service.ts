import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Bundle, CapabilityStatement, Resource } from '@medplum/fhirtypes';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { InjectReadDataSource } from '../../database/read-data-source';
import { FhirError, namesOperation, unknownResource, unsupportedOperation } from './fhir-errors';
import { COMMON_SEARCH_PARAMETERS, parseSearch, searchsetBundle } from './fhir-search';
import { FHIR_VERSION } from './fhir-vocabulary';
import { CarePlanResource } from './resources/care-plan.resource';
import { CareTeamResource } from './resources/care-team.resource';
import { EpisodeOfCareResource } from './resources/episode-of-care.resource';
import type { FhirResourceDefinition } from './resources/fhir-resource-definition';
import { AppointmentResource, EncounterResource } from './resources/meeting.resources';
import { PatientResource } from './resources/patient.resource';
import { PractitionerResource, PractitionerRoleResource } from './resources/practitioner.resource';

/** The roles that may use the FHIR interface. */
export const FHIR_ROLES = [Role.Integration, Role.Coordinator, Role.Admin];

/**
 * Read and search over every served resource type; each read is audited against the service user it is about.
 * Searches read the read replica when one is configured (a search may lag a moment, as reports do); reads by id,
 * the caller's scope and the audit rows stay on the primary.
 */
@Injectable()
export class FhirService {
  private readonly definitions: Map<string, FhirResourceDefinition>;

  constructor(
    private readonly audit: AuditService,
    @InjectReadDataSource() private readonly replica: DataSource,
    patients: PatientResource,
    episodes: EpisodeOfCareResource,
    careTeams: CareTeamResource,
    practitioners: PractitionerResource,
    practitionerRoles: PractitionerRoleResource,
    encounters: EncounterResource,
    appointments: AppointmentResource,
    carePlans: CarePlanResource,
  ) {
    const all: FhirResourceDefinition[] = [
      patients,
      episodes,
      careTeams,
      practitioners,
      practitionerRoles,
      encounters,
      appointments,
      carePlans,
    ];
    this.definitions = new Map(all.map((d) => [d.type, d]));
  }

  serves(type: string): boolean {
    return this.definitions.has(type);
  }

  private definition(type: string): FhirResourceDefinition {
    const definition = this.definitions.get(type);
    if (!definition) throw new Error(`No FHIR definition for ${type}`);
    return definition;
  }

  async read(actor: Actor, type: string, id: string): Promise<Resource> {
    // `Patient/_history` reaches the read route (a static type beats the history route's parameter).
    if (id === '_history')
      throw new FhirError(
        405,
        'not-supported',
        `History is not supported: this FHIR server is read-only (read and search); see /fhir/r4/metadata`,
      );
    // `Patient/$everything` reaches the read route too: an operation, not an id.
    if (namesOperation(id)) throw unsupportedOperation(id);
    const found = await this.definition(type).read(actor, id);
    // Out of scope and unknown look the same: existence does not leak.
    if (!found) throw unknownResource(type, id);
    await this.audit.record({
      actor,
      action: 'fhir.read',
      resourceType: type,
      resourceId: id,
      serviceUserId: found.serviceUserId,
    });
    return found.resource;
  }

  async search(
    actor: Actor,
    type: string,
    query: Record<string, string | string[] | undefined>,
    baseUrl: string,
  ): Promise<Bundle> {
    const definition = this.definition(type);
    const search = parseSearch(
      query,
      Object.keys(definition.searchParams),
      Object.entries(definition.searchParams)
        .filter(([, p]) => p.type === 'date')
        .map(([name]) => name),
      Object.entries(definition.searchParams)
        .filter(([, p]) => p.negatable)
        .map(([name]) => name),
    );
    const found = await definition.search(actor, search, this.replica.manager);
    await this.audit.recordList(
      actor,
      `fhir.${type}`,
      found.matches.map((m) => m.resource.id!),
      { search: { ...search.params, ...search.repeated }, count: search.count, offset: search.offset },
      found.matches.map((m) => m.serviceUserId),
    );
    return searchsetBundle(baseUrl, type, search, {
      total: found.total,
      resources: found.matches.map((m) => m.resource),
    });
  }

  /** What this server supports, built from the same definitions that serve the requests. */
  capabilityStatement(baseUrl: string, date: string, tokenEndpoint: string): CapabilityStatement {
    return {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date,
      publisher: 'ENRICH',
      kind: 'instance',
      software: { name: 'ENRICH' },
      implementation: {
        description: 'ENRICH peer support for discharge: FHIR R4 read interface (UK Core conventions)',
        url: baseUrl,
      },
      fhirVersion: FHIR_VERSION,
      format: ['json'],
      rest: [
        {
          mode: 'server',
          documentation:
            'Read-only. Bearer token from POST /api/v1/auth/token (integration clients, scoped to their Trust) or a coordinator/admin sign-in. ' +
            "Records outside the caller's scope answer 404. Unknown search parameters answer 400. Paging: _count (max 100) and the Bundle next link. " +
            'Search by GET or by POST to [type]/_search (form-encoded); _summary, _elements and _sort (on date parameters) are supported; ' +
            'writes, history, batches and any other method answer 405, operations ($…) and other paths 404 not-supported, any format but JSON 406, all as OperationOutcome (UK Core profiles in meta.profile).',
          security: {
            cors: false,
            service: [
              {
                coding: [
                  { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' },
                ],
                text: 'OAuth 2.0 client credentials (SMART backend services discovery at .well-known/smart-configuration)',
              },
            ],
            extension: [
              {
                url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
                extension: [{ url: 'token', valueUri: tokenEndpoint }],
              },
            ],
          },
          resource: [...this.definitions.values()].map((d) => ({
            type: d.type,
            ...(d.profile ? { profile: d.profile } : {}),
            documentation: d.documentation,
            interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
            versioning: 'no-version' as const,
            readHistory: false,
            updateCreate: false,
            searchParam: [
              ...Object.entries(d.searchParams).map(([name, p]) => ({
                name,
                type: p.type,
                documentation: p.documentation,
              })),
              { name: '_id', type: 'token' as const, documentation: COMMON_SEARCH_PARAMETERS._id },
              { name: '_summary', type: 'token' as const, documentation: COMMON_SEARCH_PARAMETERS._summary },
              { name: '_elements', type: 'string' as const, documentation: COMMON_SEARCH_PARAMETERS._elements },
              ...(Object.values(d.searchParams).some((p) => p.type === 'date')
                ? [{ name: '_sort', type: 'string' as const, documentation: COMMON_SEARCH_PARAMETERS._sort }]
                : []),
            ],
          })),
        },
      ],
    };
  }
}
