import { Controller, Get, Header, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { ApiProblemResponses } from '../common/http/api-problem-responses';
import { OperationalReportResponse, ReadmissionOutcomesResponse } from './dto/operational-report.dto';
import { ReportQuery } from './dto/report-query.dto';
import { operationalReportCsv } from './report-csv';
import { ReportsService } from './reports.service';

const OPERATIONAL_DESCRIPTION =
  'Caseload per peer worker against the cap; episodes by state and arm; days from discharge to the first community meeting ' +
  '(median, 90th percentile, share within the site’s window); meetings planned, held, missed, cancelled by mode and setting; planned contacts by phase; ' +
  'step-down adherence (contacts held within their window); endings by reason; supervision delivered against due; absences and how each affected ' +
  'episode was covered; days episodes spent with no responsible person; lone-working visits and escalations; reminder and webhook delivery. ' +
  'Coordinators see their own sites, admins every site.';

@ApiTags('Reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('operational')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'The operational report of a site over a period (JSON)',
    description: OPERATIONAL_DESCRIPTION,
  })
  @ApiOkResponse({ type: OperationalReportResponse })
  @ApiNotFoundResponse({ description: 'No such site that you may see' })
  @ApiUnprocessableEntityResponse({ description: '`to` before `from`, or a period longer than the limit' })
  @ApiProblemResponses()
  operational(@CurrentActor() actor: Actor, @Query() query: ReportQuery): Promise<OperationalReportResponse> {
    return this.reports.operational(actor, query, 'json');
  }

  @Get('operational.csv')
  @Access(Role.Admin, Role.Coordinator)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="operational-report.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'The same operational report as CSV: one figure a line (section, subject, measure, value)',
    description: OPERATIONAL_DESCRIPTION,
  })
  @ApiOkResponse({
    description: 'text/csv',
    content: {
      'text/csv': {
        schema: { type: 'string', example: 'section,subject,measure,value\r\nendings,planned_ending,episodes,2\r\n' },
      },
    },
  })
  @ApiNotFoundResponse({ description: 'No such site that you may see' })
  @ApiProblemResponses()
  async operationalCsv(@CurrentActor() actor: Actor, @Query() query: ReportQuery): Promise<string> {
    return operationalReportCsv(await this.reports.operational(actor, query, 'csv'));
  }

  @Get('readmissions')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary:
      'Readmission within 30, 90 and 365 days of the index discharge, by arm (peer support vs usual care), with denominators',
    description:
      'Index discharges in the period: each episode’s first discharge. A window counts once it has wholly passed, so `followedUp` is the denominator of `rate`. ' +
      'Routine-service episodes count as peer support.',
  })
  @ApiOkResponse({ type: ReadmissionOutcomesResponse })
  @ApiNotFoundResponse({ description: 'No such site that you may see' })
  @ApiProblemResponses()
  readmissions(@CurrentActor() actor: Actor, @Query() query: ReportQuery): Promise<ReadmissionOutcomesResponse> {
    return this.reports.readmissionOutcomes(actor, query);
  }
}
