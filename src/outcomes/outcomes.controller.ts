import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
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
import {
  AdministrationResponse,
  InstrumentResponse,
  PeerWorkerAdministrationRequest,
  ServiceUserAdministrationRequest,
  SiteOutcomesResponse,
} from './dto/outcome.dto';
import { OUTCOME_INSTRUMENTS } from './outcome-instruments';
import { OutcomesService } from './outcomes.service';

@ApiTags('Outcomes')
@Controller()
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get('outcome-instruments')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary:
      'The instrument catalogue: items, ranges, reversed items, scoring and conversion tables, missing-item rules, licences (no item wording)',
  })
  @ApiOkResponse({ type: [InstrumentResponse] })
  @ApiProblemResponses()
  instruments(): InstrumentResponse[] {
    return OUTCOME_INSTRUMENTS.map((i) => ({ ...i, reversedItems: [...i.reversedItems], subjects: [...i.subjects] }));
  }

  @Post('support-episodes/:id/outcome-administrations')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary:
      'Record a service user’s outcome measure (baseline, end of support or follow-up), item by item; the server computes the total',
    description: 'Recorded by the episode’s peer worker, the site’s coordinator or an admin.',
  })
  @ApiCreatedResponse({ type: AdministrationResponse })
  @ApiNotFoundResponse({ description: 'No such support episode that you may record for' })
  @ApiUnprocessableEntityResponse({
    description:
      'An item out of the instrument’s range, or the wrong number of items; `errors[0].field` names it (itemScores[i])',
  })
  @ApiConflictResponse({ description: 'A second baseline or end-of-support administration of the instrument' })
  @ApiProblemResponses()
  recordForEpisode(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ServiceUserAdministrationRequest,
  ): Promise<AdministrationResponse> {
    return this.outcomes.recordForEpisode(actor, id, body);
  }

  @Get('support-episodes/:id/outcome-administrations')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({ summary: 'A service user’s outcome measures for the episode, each with its change from baseline' })
  @ApiOkResponse({ type: [AdministrationResponse] })
  @ApiNotFoundResponse({ description: 'No such support episode that you may see' })
  @ApiProblemResponses()
  listForEpisode(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<AdministrationResponse[]> {
    return this.outcomes.listForEpisode(actor, id);
  }

  @Post('peer-workers/:id/wellbeing-measures')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary:
      'Record a peer worker’s own wellbeing measure over their employment (the peer worker, their coordinator or an admin)',
  })
  @ApiCreatedResponse({ type: AdministrationResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may record for' })
  @ApiUnprocessableEntityResponse({
    description: 'An item out of range (named), or an instrument not used for peer workers',
  })
  @ApiProblemResponses()
  recordForPeerWorker(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PeerWorkerAdministrationRequest,
  ): Promise<AdministrationResponse> {
    return this.outcomes.recordForPeerWorker(actor, id, body);
  }

  @Get('peer-workers/:id/wellbeing-measures')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: 'A peer worker’s own wellbeing measures, each with its change from the start of employment',
  })
  @ApiOkResponse({ type: [AdministrationResponse] })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may see' })
  @ApiProblemResponses()
  listForPeerWorker(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<AdministrationResponse[]> {
    return this.outcomes.listForPeerWorker(actor, id);
  }

  @Get('outcomes')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary:
      'Change from baseline per instrument for a site: service users with a scored baseline and a later score in the period',
  })
  @ApiOkResponse({ type: SiteOutcomesResponse })
  @ApiNotFoundResponse({ description: 'No such site that you may see' })
  @ApiProblemResponses()
  siteChange(@CurrentActor() actor: Actor, @Query() query: ReportQuery): Promise<SiteOutcomesResponse> {
    return this.outcomes.siteChange(actor, query);
  }
}
