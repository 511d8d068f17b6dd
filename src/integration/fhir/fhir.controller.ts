import { applyDecorators, Controller, Get, Header, Param, Req, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Bundle, CapabilityStatement, Resource } from '@medplum/fhirtypes';
import type { FastifyRequest } from 'fastify';
import { Scope } from '../../auth/oauth/scopes';
import { ConfigService } from '@nestjs/config';
import { TOKEN_PATH } from '../../auth/oauth/oauth.controller';
import type { Environment } from '../../config/environment';
import { Access, CurrentActor, Public, RequireScope } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { FhirError, namesOperation, unsupportedOperation } from './fhir-errors';
import { FhirOperationOutcomeFilter } from './fhir-outcome.filter';
import { COMMON_SEARCH_PARAMETERS } from './fhir-search';
import { FHIR_BASE_PATH, FHIR_CONTENT_TYPE } from './fhir-vocabulary';
import { FHIR_ROLES, FhirService } from './fhir.service';

const FHIR_JSON = 'application/fhir+json';
const fhirBody = (description: string, resourceType: string) =>
  ApiResponse({
    status: 200,
    description,
    content: {
      [FHIR_JSON]: {
        schema: { type: 'object', properties: { resourceType: { type: 'string', example: resourceType } } },
      },
    },
  });
const outcome = (status: number, description: string) =>
  ApiResponse({
    status,
    description: `${description} (OperationOutcome)`,
    content: {
      [FHIR_JSON]: {
        schema: { type: 'object', properties: { resourceType: { type: 'string', example: 'OperationOutcome' } } },
      },
    },
  });

/** Errors on the FHIR interface are OperationOutcomes. */
function ApiFhirOutcomes() {
  return applyDecorators(
    ApiProduces(FHIR_JSON),
    outcome(400, 'Unsupported or malformed search parameter'),
    outcome(401, 'No valid access token'),
    outcome(403, `Allowed roles: ${FHIR_ROLES.join(', ')}`),
    outcome(404, 'Unknown id, or a record outside your scope'),
    outcome(500, 'Unexpected error'),
  );
}

function ApiFhirRead(type: string, summary: string) {
  return applyDecorators(
    Header('content-type', FHIR_CONTENT_TYPE),
    Access(...FHIR_ROLES),
    ApiOperation({ summary, description: `FHIR R4 read: GET ${FHIR_BASE_PATH}/${type}/{id}. Audited.` }),
    ApiParam({ name: 'id', description: 'Logical id (a UUID)' }),
    fhirBody(type, type),
    ApiFhirOutcomes(),
  );
}

function ApiFhirSearch(type: string, summary: string, params: Record<string, string>) {
  const all: Record<string, string> = { ...params, ...COMMON_SEARCH_PARAMETERS };
  return applyDecorators(
    Header('content-type', FHIR_CONTENT_TYPE),
    Access(...FHIR_ROLES),
    ApiOperation({
      summary,
      description: `FHIR R4 search: a Bundle searchset with total and self/next links. Unknown parameters answer 400. Audited.`,
    }),
    ...Object.entries(all).map(([name, description]) =>
      ApiQuery({ name, required: false, description, schema: { type: 'string' } }),
    ),
    fhirBody('Bundle (searchset)', 'Bundle'),
    ApiFhirOutcomes(),
  );
}

type Query = Record<string, string | string[] | undefined>;

/**
 * FHIR R4 read interface at /fhir/r4 (outside /api/v1, as FHIR clients expect a base URL).
 * Thin: each route names its resource type; FhirService and the resource definitions do the rest.
 */
@ApiTags('FHIR R4')
@Controller('fhir/r4')
@UseFilters(FhirOperationOutcomeFilter)
@RequireScope(Scope.FhirRead)
export class FhirController {
  constructor(
    private readonly fhir: FhirService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** Links are built from PUBLIC_BASE_URL, never from Host or X-Forwarded-Host (which a caller controls). */
  private baseUrl(): string {
    return `${this.config.get('PUBLIC_BASE_URL', { infer: true })}${FHIR_BASE_PATH}`;
  }

  @Get('metadata')
  @Public() // FHIR clients discover what a server supports before they authenticate.
  @Header('content-type', FHIR_CONTENT_TYPE)
  @ApiOperation({
    summary: 'CapabilityStatement: exactly which resources, interactions and search parameters this server supports',
  })
  @ApiProduces(FHIR_JSON)
  @ApiResponse({
    status: 200,
    description: 'CapabilityStatement',
    content: { [FHIR_JSON]: { schema: { type: 'object' } } },
  })
  metadata(): CapabilityStatement {
    return this.fhir.capabilityStatement(
      this.baseUrl(),
      new Date().toISOString(),
      `${this.config.get('PUBLIC_BASE_URL', { infer: true })}${TOKEN_PATH}`,
    );
  }

  @Get('Patient')
  @ApiFhirSearch('Patient', 'Search Patients (service users), e.g. by NHS number', {
    identifier: 'https://fhir.nhs.uk/Id/nhs-number|<NHS number>',
  })
  searchPatients(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'Patient', request.query as Query, this.baseUrl());
  }

  @Get('Patient/:id')
  @ApiFhirRead('Patient', 'Read a Patient (service user)')
  readPatient(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Resource> {
    return this.fhir.read(actor, 'Patient', id);
  }

  @Get('EpisodeOfCare')
  @ApiFhirSearch('EpisodeOfCare', 'Search EpisodeOfCare (support episodes)', {
    patient: 'Patient/<id> or <id>',
    status: 'planned | waitlist | active | onhold | finished | cancelled',
    'care-manager': 'Practitioner/<id> or <id>',
  })
  searchEpisodesOfCare(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'EpisodeOfCare', request.query as Query, this.baseUrl());
  }

  @Get('EpisodeOfCare/:id')
  @ApiFhirRead('EpisodeOfCare', 'Read an EpisodeOfCare (support episode)')
  readEpisodeOfCare(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Resource> {
    return this.fhir.read(actor, 'EpisodeOfCare', id);
  }

  @Get('CareTeam')
  @ApiFhirSearch('CareTeam', 'Search CareTeams (one per support episode)', {
    patient: 'Patient/<id> or <id>',
    subject: 'Same as patient',
  })
  searchCareTeams(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'CareTeam', request.query as Query, this.baseUrl());
  }

  @Get('CareTeam/:id')
  @ApiFhirRead('CareTeam', 'Read a CareTeam (same id as its support episode)')
  readCareTeam(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Resource> {
    return this.fhir.read(actor, 'CareTeam', id);
  }

  @Get('Practitioner')
  @ApiFhirSearch('Practitioner', 'Search Practitioners (peer workers)', { name: 'Part of the name' })
  searchPractitioners(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'Practitioner', request.query as Query, this.baseUrl());
  }

  @Get('Practitioner/:id')
  @ApiFhirRead('Practitioner', 'Read a Practitioner (peer worker)')
  readPractitioner(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Resource> {
    return this.fhir.read(actor, 'Practitioner', id);
  }

  @Get('PractitionerRole')
  @ApiFhirSearch('PractitionerRole', "Search PractitionerRoles (peer workers' roles)", {
    practitioner: 'Practitioner/<id> or <id>',
  })
  searchPractitionerRoles(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'PractitionerRole', request.query as Query, this.baseUrl());
  }

  @Get('PractitionerRole/:id')
  @ApiFhirRead('PractitionerRole', 'Read a PractitionerRole (same id as the peer worker)')
  readPractitionerRole(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Resource> {
    return this.fhir.read(actor, 'PractitionerRole', id);
  }

  @Get('Encounter')
  @ApiFhirSearch('Encounter', 'Search Encounters (meetings held), e.g. by episode and date range', {
    patient: 'Patient/<id> or <id>',
    'episode-of-care': 'EpisodeOfCare/<id> or <id>',
    practitioner: 'Practitioner/<id> or <id>',
    date: 'ge2026-11-01 (repeat: date=ge…&date=le…); eq, ge, le, gt, lt',
  })
  searchEncounters(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'Encounter', request.query as Query, this.baseUrl());
  }

  @Get('Encounter/:id')
  @ApiFhirRead('Encounter', 'Read an Encounter (a meeting held; same id as the meeting)')
  readEncounter(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Resource> {
    return this.fhir.read(actor, 'Encounter', id);
  }

  @Get('Appointment')
  @ApiFhirSearch('Appointment', 'Search Appointments (meetings as planned), e.g. by patient and date', {
    patient: 'Patient/<id> or <id>',
    practitioner: 'Practitioner/<id> or <id>',
    status: 'booked | fulfilled | noshow | cancelled',
    date: 'ge2026-11-01 (repeat: date=ge…&date=le…); eq, ge, le, gt, lt',
  })
  searchAppointments(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'Appointment', request.query as Query, this.baseUrl());
  }

  @Get('Appointment/:id')
  @ApiFhirRead('Appointment', 'Read an Appointment (a meeting as planned; same id as the meeting)')
  readAppointment(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Resource> {
    return this.fhir.read(actor, 'Appointment', id);
  }

  @Get('CarePlan')
  @ApiFhirSearch('CarePlan', 'Search CarePlans (community plans: planned contacts with their status)', {
    patient: 'Patient/<id> or <id>',
    subject: 'Same as patient',
    status: 'active | on-hold | completed | revoked',
  })
  searchCarePlans(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<Bundle> {
    return this.fhir.search(actor, 'CarePlan', request.query as Query, this.baseUrl());
  }

  @Get('CarePlan/:id')
  @ApiFhirRead('CarePlan', "Read a CarePlan (a support episode's community plan; same id as the episode)")
  readCarePlan(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Resource> {
    return this.fhir.read(actor, 'CarePlan', id);
  }

  // Anything else under /fhir/r4 is a resource type this server does not serve: say so as FHIR.
  @Get(':resourceType')
  @Header('content-type', FHIR_CONTENT_TYPE)
  @Access(...FHIR_ROLES)
  @ApiOperation({ summary: 'Any other resource type: 404 OperationOutcome (not supported)' })
  @ApiParam({ name: 'resourceType', description: 'A FHIR resource type this server does not serve' })
  @ApiFhirOutcomes()
  unsupportedSearch(@Param('resourceType') type: string): never {
    if (namesOperation(type)) throw unsupportedOperation(type);
    throw new FhirError(404, 'not-supported', `Resource type ${type} is not supported; see ${FHIR_BASE_PATH}/metadata`);
  }

  @Get(':resourceType/:id')
  @ApiFhirRead('(unsupported)', 'Any other resource type: 404 OperationOutcome (not supported)')
  unsupportedRead(@Param('resourceType') type: string, @Param('id') id: string): never {
    if (namesOperation(type)) throw unsupportedOperation(type);
    if (namesOperation(id)) throw unsupportedOperation(id);
    throw new FhirError(404, 'not-supported', `Resource type ${type} is not supported; see ${FHIR_BASE_PATH}/metadata`);
  }
}
