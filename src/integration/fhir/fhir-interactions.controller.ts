import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Req,
  UseFilters,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Bundle } from '@medplum/fhirtypes';
import type { FastifyRequest } from 'fastify';
import { TOKEN_PATH } from '../../auth/oauth/oauth.controller';
import { Scope } from '../../auth/oauth/scopes';
import { Access, CurrentActor, Public, RequireScope } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import type { Environment } from '../../config/environment';
import { FhirError, namesOperation, unsupportedOperation } from './fhir-errors';
import { FhirOperationOutcomeFilter } from './fhir-outcome.filter';
import { FHIR_BASE_PATH, FHIR_CONTENT_TYPE } from './fhir-vocabulary';
import { FHIR_ROLES, FhirService } from './fhir.service';

const FHIR_JSON = 'application/fhir+json';
type Query = Record<string, string | string[] | undefined>;
const notAllowed = (what: string) =>
  new FhirError(
    405,
    'not-supported',
    `${what} is not supported: this FHIR server is read-only (read and search); see ${FHIR_BASE_PATH}/metadata`,
  );
const outcome405 = ApiResponse({
  status: 405,
  description: 'Not supported (OperationOutcome)',
  content: {
    [FHIR_JSON]: {
      schema: { type: 'object', properties: { resourceType: { type: 'string', example: 'OperationOutcome' } } },
    },
  },
});

/** SMART App Launch 2.0 §2.1 metadata for backend services: where and how a system gets a token. */
export class SmartConfiguration {
  issuer: string;
  token_endpoint: string;
  token_endpoint_auth_methods_supported: string[];
  grant_types_supported: string[];
  scopes_supported: string[];
  capabilities: string[];
  code_challenge_methods_supported: string[];
}

/**
 * The FHIR interactions besides read and GET search: search by POST (FHIR R4 §3.1.1.6, form-encoded), SMART
 * discovery, and a 405 OperationOutcome for every write, history or system interaction, so an off-the-shelf
 * client gets a FHIR answer it understands instead of a 404.
 */
@ApiTags('FHIR R4')
@Controller('fhir/r4')
@UseFilters(FhirOperationOutcomeFilter)
@RequireScope(Scope.FhirRead)
export class FhirInteractionsController {
  constructor(
    private readonly fhir: FhirService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  private base(): string {
    return `${this.config.get('PUBLIC_BASE_URL', { infer: true })}${FHIR_BASE_PATH}`;
  }

  @Get('.well-known/smart-configuration')
  @Public() // Discovery comes before authentication (SMART App Launch 2.0).
  @ApiOperation({ summary: 'SMART configuration (backend services): the token endpoint and how to authenticate to it' })
  @ApiOkResponse({ description: 'SMART configuration', type: SmartConfiguration })
  smartConfiguration(): SmartConfiguration {
    const issuer = this.config.get('PUBLIC_BASE_URL', { infer: true });
    return {
      issuer,
      token_endpoint: `${issuer}${TOKEN_PATH}`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      grant_types_supported: ['client_credentials'],
      scopes_supported: [Scope.FhirRead],
      capabilities: ['client-confidential-symmetric'],
      code_challenge_methods_supported: [],
    };
  }

  @Post(':resourceType/_search')
  @HttpCode(200)
  @Header('content-type', FHIR_CONTENT_TYPE)
  @Access(...FHIR_ROLES)
  @ApiOperation({
    summary: 'Search by POST: the same parameters as GET, form-encoded in the body (and/or in the query)',
    description: 'FHIR R4 §3.1.1.6. Audited.',
  })
  @ApiParam({ name: 'resourceType', description: 'A resource type listed in the CapabilityStatement' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    required: false,
    schema: {
      type: 'object',
      additionalProperties: { type: 'string' },
      example: { identifier: 'https://fhir.nhs.uk/Id/nhs-number|9434765919' },
    },
  })
  @ApiResponse({
    status: 200,
    description: 'Bundle (searchset)',
    content: {
      [FHIR_JSON]: { schema: { type: 'object', properties: { resourceType: { type: 'string', example: 'Bundle' } } } },
    },
  })
  @ApiResponse({
    status: 400,
    description: 'Unsupported or malformed search parameter (OperationOutcome)',
    content: {
      [FHIR_JSON]: {
        schema: { type: 'object', properties: { resourceType: { type: 'string', example: 'OperationOutcome' } } },
      },
    },
  })
  @ApiResponse({
    status: 404,
    description: 'Resource type not supported (OperationOutcome)',
    content: { [FHIR_JSON]: { schema: { type: 'object' } } },
  })
  searchByPost(
    @CurrentActor() actor: Actor,
    @Param('resourceType') type: string,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
  ): Promise<Bundle> {
    if (!this.fhir.serves(type))
      throw new FhirError(
        404,
        'not-supported',
        `Resource type ${type} is not supported; see ${FHIR_BASE_PATH}/metadata`,
      );
    const form = body && typeof body === 'object' && !Array.isArray(body) ? (body as Query) : {};
    const merged: Query = { ...(request.query as Query) };
    for (const [name, value] of Object.entries(form)) {
      const before = merged[name];
      merged[name] =
        before === undefined ? value : [before, value].flat().filter((v): v is string => typeof v === 'string');
    }
    return this.fhir.search(actor, type, merged, this.base());
  }

  @Post()
  @Access(...FHIR_ROLES)
  @ApiOperation({ summary: 'Batch or transaction: not supported (405 OperationOutcome)' })
  @outcome405
  systemInteraction(): never {
    throw notAllowed('A batch or transaction');
  }

  @Get('_history')
  @Access(...FHIR_ROLES)
  @ApiOperation({ summary: 'System history: not supported (405 OperationOutcome)' })
  @outcome405
  systemHistory(): never {
    throw notAllowed('History');
  }

  @Get(':resourceType/_history')
  @Access(...FHIR_ROLES)
  @ApiOperation({ summary: 'Type history: not supported (405 OperationOutcome)' })
  @ApiParam({ name: 'resourceType' })
  @outcome405
  typeHistory(): never {
    throw notAllowed('History');
  }

  @Get(':resourceType/:id/_history')
  @Access(...FHIR_ROLES)
  @ApiOperation({ summary: 'Instance history: not supported (405 OperationOutcome)' })
  @ApiParam({ name: 'resourceType' })
  @ApiParam({ name: 'id' })
  @outcome405
  instanceHistory(): never {
    throw notAllowed('History');
  }

  @Get(':resourceType/:id/_history/:versionId')
  @Access(...FHIR_ROLES)
  @ApiOperation({ summary: 'Version read (vread): not supported (405 OperationOutcome)' })
  @ApiParam({ name: 'resourceType' })
  @ApiParam({ name: 'id' })
  @ApiParam({ name: 'versionId' })
  @outcome405
  versionRead(): never {
    throw notAllowed('Version read (vread)');
  }

  @Post(':resourceType')
  @Access(...FHIR_ROLES)
  @ApiOperation({ summary: 'Create: not supported (405 OperationOutcome)' })
  @ApiParam({ name: 'resourceType' })
  @outcome405
  create(@Param('resourceType') type: string): never {
    // `POST [base]/$export` reaches this route: an operation, not a create.
    if (namesOperation(type)) throw unsupportedOperation(type);
    throw notAllowed('Create');
  }

  @Put(':resourceType/:id')
  @Access(...FHIR_ROLES)
  @ApiOperation({ summary: 'Update: not supported (405 OperationOutcome)' })
  @ApiParam({ name: 'resourceType' })
  @ApiParam({ name: 'id' })
  @outcome405
  update(): never {
    throw notAllowed('Update');
  }

  @Patch(':resourceType/:id')
  @Access(...FHIR_ROLES)
  @ApiOperation({ summary: 'Patch: not supported (405 OperationOutcome)' })
  @ApiParam({ name: 'resourceType' })
  @ApiParam({ name: 'id' })
  @outcome405
  patch(): never {
    throw notAllowed('Patch');
  }

  @Delete(':resourceType/:id')
  @Access(...FHIR_ROLES)
  @ApiOperation({ summary: 'Delete: not supported (405 OperationOutcome)' })
  @ApiParam({ name: 'resourceType' })
  @ApiParam({ name: 'id' })
  @outcome405
  remove(): never {
    throw notAllowed('Delete');
  }

  @Put(':resourceType')
  @Access(...FHIR_ROLES)
  @ApiOperation({ summary: 'Conditional update: not supported (405 OperationOutcome)' })
  @ApiParam({ name: 'resourceType' })
  @outcome405
  conditionalUpdate(): never {
    throw notAllowed('Conditional update');
  }

  @Delete(':resourceType')
  @Access(...FHIR_ROLES)
  @ApiOperation({ summary: 'Conditional delete: not supported (405 OperationOutcome)' })
  @ApiParam({ name: 'resourceType' })
  @outcome405
  conditionalDelete(): never {
    throw notAllowed('Conditional delete');
  }
}
