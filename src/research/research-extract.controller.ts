import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { ApiProblem, ApiProblemResponses } from '../common/http/api-problem-responses';
import {
  DataDictionaryResponse,
  ExtractFileParams,
  ResearchExtractCatalogueResponse,
} from './dto/research-extract.dto';
import { ResearchExtractService } from './research-extract.service';

const WHO =
  'Admins only: there is no research data manager role, and an extract spans every site (coordinators see only their own). ' +
  'Every extract is audited when it starts and when it ends, with the key id, the table and the row count.';

/**
 * The research extract. Consented service users only (research consent in force on the day of the extract), a
 * stable pseudonym per extract key, no direct identifier, dates shifted per person or coarsened as configured.
 */
@ApiTags('Research extract')
@Controller('research-extracts')
export class ResearchExtractController {
  constructor(private readonly extracts: ResearchExtractService) {}

  @Get()
  @Access(Role.Admin)
  @ApiOperation({
    summary: 'The extract’s files, the configured key ids and how dates are de-identified',
    description: WHO,
  })
  @ApiOkResponse({ type: ResearchExtractCatalogueResponse })
  @ApiProblemResponses()
  catalogue(): ResearchExtractCatalogueResponse {
    return this.extracts.catalogue();
  }

  @Get('data-dictionary')
  @Access(Role.Admin)
  @ApiOperation({
    summary: 'The data dictionary: every column of every file, its type, meaning and how it was de-identified',
    description: WHO,
  })
  @ApiOkResponse({ type: DataDictionaryResponse })
  @ApiProblemResponses()
  dictionary(): DataDictionaryResponse {
    return this.extracts.dictionary();
  }

  @Get(':keyId/:file')
  @Access(Role.Admin)
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'One table of the research extract under a key, as CSV streamed from a database cursor',
    description:
      `${WHO} Rows: service users whose latest research consent was given on or before today and not withdrawn by today ` +
      '(a withdrawal excludes them from every later extract). Never an NHS number, name, contact detail, address, free text or date of birth. ' +
      'A transfer that ends without its final chunk was cut off (the database or the reader failed) and is audited as failed.',
  })
  @ApiOkResponse({
    description: 'text/csv, header line first (columns as in the data dictionary)',
    content: {
      'text/csv': {
        schema: {
          type: 'string',
          example:
            'person_pseudonym,episode_ref,mode,setting,status,missed_by,cancelled_by,planned_on,planned_duration_minutes,held_on,held_duration_minutes,planned_contact_sequence\r\n',
        },
      },
    },
  })
  @ApiNotFoundResponse({ description: 'No extract key with that id is configured' })
  @ApiProblem(503, 'The database could not be reached in time (Retry-After)')
  @ApiProblemResponses()
  async file(@CurrentActor() actor: Actor, @Param() params: ExtractFileParams): Promise<StreamableFile> {
    const stream = await this.extracts.open(actor, params.keyId, params.file);
    return new StreamableFile(stream, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${params.keyId}-${params.file}"`,
    });
  }
}
