import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { ApiProblemResponses } from '../../common/http/api-problem-responses';
import {
  ApplicationResponse,
  ApplicationTransitionRequest,
  CampaignFiguresResponse,
  CampaignListQuery,
  CampaignResponse,
  CreateApplicationRequest,
  CreateCampaignRequest,
  StageChangeResponse,
} from './dto/recruitment.dto';
import { RecruitmentService } from './recruitment.service';

@ApiTags('Recruitment')
@Controller('recruitment')
export class RecruitmentController {
  constructor(private readonly recruitment: RecruitmentService) {}

  @Post('campaigns')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Open a recruitment campaign: posts to fill and reserve places' })
  @ApiCreatedResponse({ type: CampaignResponse })
  @ApiNotFoundResponse({ description: 'No such site among the sites you manage' })
  @ApiProblemResponses()
  async createCampaign(@CurrentActor() actor: Actor, @Body() body: CreateCampaignRequest): Promise<CampaignResponse> {
    return CampaignResponse.from(await this.recruitment.createCampaign(actor, body));
  }

  @Get('campaigns')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: "A site's recruitment campaigns" })
  @ApiOkResponse({ type: [CampaignResponse] })
  @ApiNotFoundResponse({ description: 'No such site among the sites you manage' })
  @ApiProblemResponses()
  async campaigns(@CurrentActor() actor: Actor, @Query() query: CampaignListQuery): Promise<CampaignResponse[]> {
    return (await this.recruitment.campaigns(actor, query.siteId)).map(CampaignResponse.from);
  }

  @Get('campaigns/:id')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Read a recruitment campaign' })
  @ApiOkResponse({ type: CampaignResponse })
  @ApiNotFoundResponse({ description: 'No such campaign on your sites' })
  @ApiProblemResponses()
  async campaign(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CampaignResponse> {
    return CampaignResponse.from(await this.recruitment.campaign(actor, id));
  }

  @Get('campaigns/:id/figures')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Campaign figures: how many at each stage, appointed against posts, reserve pool size' })
  @ApiOkResponse({ type: CampaignFiguresResponse })
  @ApiNotFoundResponse({ description: 'No such campaign on your sites' })
  @ApiProblemResponses()
  async figures(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CampaignFiguresResponse> {
    return this.recruitment.figures(actor, id);
  }

  @Post('campaigns/:id/applications')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary:
      'Enter someone into a campaign: Pathway 1 (new_recruit) starts at expressed_interest, Pathway 2 (existing_workforce) at assigned',
    description: 'Creates their peer worker record with status applicant.',
  })
  @ApiCreatedResponse({ type: ApplicationResponse })
  @ApiNotFoundResponse({ description: 'No such campaign on your sites' })
  @ApiProblemResponses()
  async createApplication(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateApplicationRequest,
  ): Promise<ApplicationResponse> {
    return ApplicationResponse.from(await this.recruitment.createApplication(actor, id, body));
  }

  @Get('campaigns/:id/applications')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: "A campaign's applications" })
  @ApiOkResponse({ type: [ApplicationResponse] })
  @ApiNotFoundResponse({ description: 'No such campaign on your sites' })
  @ApiProblemResponses()
  async applications(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ApplicationResponse[]> {
    return (await this.recruitment.applications(actor, id)).map(ApplicationResponse.from);
  }

  @Get('applications/:id')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Read a recruitment application' })
  @ApiOkResponse({ type: ApplicationResponse })
  @ApiNotFoundResponse({ description: 'No such application on your sites' })
  @ApiProblemResponses()
  async application(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ApplicationResponse> {
    return ApplicationResponse.from(await this.recruitment.application(actor, id));
  }

  @Post('applications/:id/transitions')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Move an application to its next stage, with a reason',
    description:
      'Guards: no interview before a passed training assessment; no offer unless the interview panel included a peer worker; no appointment before DBS and Occupational Health are cleared; Pathway 2 skips the information event, application and interview. A refused move answers 409 with `rule` naming the missing condition.',
  })
  @ApiOkResponse({ type: ApplicationResponse })
  @ApiNotFoundResponse({ description: 'No such application on your sites' })
  @ApiConflictResponse({
    description: 'Forbidden transition; `rule` names the missing condition (e.g. interview_panel_included_peer_worker)',
  })
  @ApiUnprocessableEntityResponse({ description: 'Moving to interviewed without naming the panel' })
  @ApiProblemResponses()
  async transition(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ApplicationTransitionRequest,
  ): Promise<ApplicationResponse> {
    return ApplicationResponse.from(await this.recruitment.transition(actor, id, body));
  }

  @Get('applications/:id/history')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: "An application's stage history: who moved it, when and why" })
  @ApiOkResponse({ type: [StageChangeResponse] })
  @ApiNotFoundResponse({ description: 'No such application on your sites' })
  @ApiProblemResponses()
  async history(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<StageChangeResponse[]> {
    return (await this.recruitment.history(actor, id)).map(StageChangeResponse.from);
  }
}
