import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { ApiProblemResponses } from '../common/http/api-problem-responses';
import { ReportQuery } from '../reports/dto/report-query.dto';
import { EpisodeFidelityResponse, SiteFidelityResponse } from './dto/fidelity.dto';
import { FidelityService } from './fidelity.service';

const INDICATORS_DOC =
  'Indicators, their numerators, denominators, source records and handbook sections: docs/reference/fidelity.md.';

@ApiTags('Reports')
@Controller()
export class FidelityController {
  constructor(private readonly fidelity: FidelityService) {}

  @Get('fidelity')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary:
      'Fidelity to the ENRICH model for a site over a period: score, each indicator, per peer worker, and the episodes behind each miss',
    description: `The score is the mean rate of the indicators with a denominator. ${INDICATORS_DOC}`,
  })
  @ApiOkResponse({ type: SiteFidelityResponse })
  @ApiNotFoundResponse({ description: 'No such site that you may see' })
  @ApiUnprocessableEntityResponse({ description: '`to` before `from`, or a period longer than the limit' })
  @ApiProblemResponses()
  site(@CurrentActor() actor: Actor, @Query() query: ReportQuery): Promise<SiteFidelityResponse> {
    return this.fidelity.site(actor, query);
  }

  @Get('support-episodes/:id/fidelity')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary:
      'One support episode’s fidelity indicators from referral to today: met, missed, partly met or not applicable',
    description: INDICATORS_DOC,
  })
  @ApiOkResponse({ type: EpisodeFidelityResponse })
  @ApiNotFoundResponse({ description: 'No such support episode on your sites' })
  @ApiProblemResponses()
  episode(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<EpisodeFidelityResponse> {
    return this.fidelity.episode(actor, id);
  }
}
