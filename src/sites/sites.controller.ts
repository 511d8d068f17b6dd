import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { IfMatchVersion } from '../common/http/etag';
import { ApiProblemResponses } from '../common/http/api-problem-responses';
import { PageQuery } from '../common/pagination/page';
import { CreateSiteRequest, SitePage, SiteResponse, UpdateSiteRequest } from './dto/site.dto';
import { CreateCommunityTeamRequest, CreateWardRequest, SiteUnitResponse } from './dto/unit.dto';
import { SitesService } from './sites.service';

@ApiTags('Sites')
@Controller('sites')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Post()
  @Access(Role.Admin)
  @ApiOperation({ summary: 'Register a site (an NHS Trust or service running ENRICH)' })
  @ApiCreatedResponse({ type: SiteResponse })
  @ApiConflictResponse({ description: 'A site with this ODS code exists' })
  @ApiProblemResponses()
  async create(@CurrentActor() actor: Actor, @Body() body: CreateSiteRequest): Promise<SiteResponse> {
    return SiteResponse.from(await this.sites.create(actor, body));
  }

  @Get()
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker, Role.WardStaff)
  @ApiOperation({ summary: 'List sites: every site for admins, otherwise the sites you work on' })
  @ApiOkResponse({ type: SitePage })
  @ApiProblemResponses()
  async list(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<SitePage> {
    const page = await this.sites.list(actor, query);
    return { items: page.items.map(SiteResponse.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker, Role.WardStaff)
  @ApiOperation({ summary: 'Read a site with its effective settings' })
  @ApiOkResponse({ type: SiteResponse })
  @ApiNotFoundResponse({ description: 'No such site on your sites' })
  @ApiProblemResponses()
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<SiteResponse> {
    return SiteResponse.from(await this.sites.get(actor, id));
  }

  @Patch(':id')
  @HttpCode(200)
  @Access(Role.Admin)
  @ApiOperation({ summary: 'Change a site or its settings (send If-Match with the ETag you read)' })
  @ApiOkResponse({ type: SiteResponse })
  @ApiNotFoundResponse({ description: 'No such site' })
  @ApiPreconditionFailedResponse({ description: 'If-Match names a stale version' })
  @ApiProblemResponses()
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateSiteRequest,
    @IfMatchVersion() expectedVersion?: number,
  ): Promise<SiteResponse> {
    return SiteResponse.from(await this.sites.update(actor, id, body, expectedVersion));
  }

  @Post(':id/wards')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Add a ward to a site' })
  @ApiCreatedResponse({ type: SiteUnitResponse })
  @ApiNotFoundResponse({ description: 'No such site on your sites' })
  @ApiConflictResponse({ description: 'The site already has a ward of that name' })
  @ApiProblemResponses()
  async addWard(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateWardRequest,
  ): Promise<SiteUnitResponse> {
    return SiteUnitResponse.from(await this.sites.addWard(actor, id, body.name));
  }

  @Get(':id/wards')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker, Role.WardStaff)
  @ApiOperation({ summary: "List a site's wards" })
  @ApiOkResponse({ type: [SiteUnitResponse] })
  @ApiNotFoundResponse({ description: 'No such site on your sites' })
  @ApiProblemResponses()
  async wards(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<SiteUnitResponse[]> {
    return (await this.sites.wards(actor, id)).map(SiteUnitResponse.from);
  }

  @Post(':id/community-teams')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Add a community mental health team to a site' })
  @ApiCreatedResponse({ type: SiteUnitResponse })
  @ApiNotFoundResponse({ description: 'No such site on your sites' })
  @ApiConflictResponse({ description: 'The site already has a team of that name' })
  @ApiProblemResponses()
  async addCommunityTeam(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateCommunityTeamRequest,
  ): Promise<SiteUnitResponse> {
    return SiteUnitResponse.from(await this.sites.addCommunityTeam(actor, id, body.name));
  }

  @Get(':id/community-teams')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker, Role.WardStaff)
  @ApiOperation({ summary: "List a site's community teams" })
  @ApiOkResponse({ type: [SiteUnitResponse] })
  @ApiNotFoundResponse({ description: 'No such site on your sites' })
  @ApiProblemResponses()
  async communityTeams(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SiteUnitResponse[]> {
    return (await this.sites.communityTeams(actor, id)).map(SiteUnitResponse.from);
  }
}
