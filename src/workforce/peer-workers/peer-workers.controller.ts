import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { ApiProblemResponses } from '../../common/http/api-problem-responses';
import { IfMatchVersion } from '../../common/http/etag';
import { SetSiteCoordinatorRequest, SiteCoordinatorResponse } from './dto/coordinator.dto';
import {
  ChecksRequest,
  CreatePeerWorkerRequest,
  PeerWorkerListQuery,
  PeerWorkerPage,
  PeerWorkerResponse,
  StatusChangeResponse,
  UpdatePeerWorkerRequest,
} from './dto/peer-worker.dto';
import { PeerWorkersService } from './peer-workers.service';
import { SiteCoordinatorsService } from './site-coordinators.service';

@ApiTags('Peer workforce')
@Controller()
export class PeerWorkersController {
  constructor(
    private readonly peerWorkers: PeerWorkersService,
    private readonly coordinators: SiteCoordinatorsService,
  ) {}

  @Post('peer-workers')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Add a peer worker record (status applicant); recruitment applications create one for you' })
  @ApiCreatedResponse({ type: PeerWorkerResponse })
  @ApiNotFoundResponse({ description: 'No such site among the sites you manage' })
  @ApiUnprocessableEntityResponse({ description: 'The ward or community team is not on that site' })
  @ApiProblemResponses()
  async create(@CurrentActor() actor: Actor, @Body() body: CreatePeerWorkerRequest): Promise<PeerWorkerResponse> {
    return PeerWorkerResponse.from(await this.peerWorkers.create(actor, body));
  }

  @Get('peer-workers')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({ summary: "List peer workers: your sites' workforce, or (for a peer worker) your own record" })
  @ApiOkResponse({ type: PeerWorkerPage })
  @ApiProblemResponses()
  async list(@CurrentActor() actor: Actor, @Query() query: PeerWorkerListQuery): Promise<PeerWorkerPage> {
    const page = await this.peerWorkers.list(actor, query);
    return { items: page.items.map(PeerWorkerResponse.from), nextCursor: page.nextCursor };
  }

  @Get('peer-workers/:id')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({ summary: 'Read a peer worker profile (a peer worker may read only their own)' })
  @ApiOkResponse({ type: PeerWorkerResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may see' })
  @ApiProblemResponses()
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<PeerWorkerResponse> {
    return PeerWorkerResponse.from(await this.peerWorkers.get(actor, id));
  }

  @Patch('peer-workers/:id')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: 'Edit a peer worker profile (send If-Match)',
    description:
      'A peer worker edits their own contact details, working pattern and what they share for matching; team, notes access and the user account link are for the coordinator.',
  })
  @ApiOkResponse({ type: PeerWorkerResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may see' })
  @ApiPreconditionFailedResponse({ description: 'If-Match names a stale version' })
  @ApiUnprocessableEntityResponse({
    description: 'Team not on the site, or the account is not a peer worker of the site',
  })
  @ApiProblemResponses()
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePeerWorkerRequest,
    @IfMatchVersion() expectedVersion?: number,
  ): Promise<PeerWorkerResponse> {
    return PeerWorkerResponse.from(await this.peerWorkers.update(actor, id, body, expectedVersion));
  }

  @Put('peer-workers/:id/checks')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Record DBS and Occupational Health clearance dates (pre-employment checks)' })
  @ApiOkResponse({ type: PeerWorkerResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker on your sites' })
  @ApiProblemResponses()
  async checks(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChecksRequest,
  ): Promise<PeerWorkerResponse> {
    return PeerWorkerResponse.from(await this.peerWorkers.recordChecks(actor, id, body));
  }

  @Get('peer-workers/:id/status-history')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({ summary: "A peer worker's status history: who moved it, when and why" })
  @ApiOkResponse({ type: [StatusChangeResponse] })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may see' })
  @ApiProblemResponses()
  async history(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<StatusChangeResponse[]> {
    return (await this.peerWorkers.history(actor, id)).map(StatusChangeResponse.from);
  }

  @Put('sites/:siteId/coordinator')
  // An admin act: the named coordinator and deputy see peer workers' wellbeing plans, so a coordinator
  // naming themself (or a colleague) would be granting themself that access.
  @Access(Role.Admin)
  @ApiOperation({
    summary: "Name the site's Peer Worker Coordinator and their deputy",
    description:
      'Admins only: being the named coordinator or deputy opens peer workers’ wellbeing plans, so no coordinator can name themself.',
  })
  @ApiOkResponse({ type: SiteCoordinatorResponse })
  @ApiNotFoundResponse({ description: 'No such site among the sites you manage' })
  @ApiUnprocessableEntityResponse({ description: 'The coordinator or deputy is not an active account of the site' })
  @ApiConflictResponse({ description: 'Concurrent change' })
  @ApiProblemResponses()
  async setCoordinator(
    @CurrentActor() actor: Actor,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Body() body: SetSiteCoordinatorRequest,
  ): Promise<SiteCoordinatorResponse> {
    return SiteCoordinatorResponse.from(await this.coordinators.setCoordinator(actor, siteId, body));
  }

  @Get('sites/:siteId/coordinator')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({ summary: "The site's Peer Worker Coordinator and named deputy" })
  @ApiOkResponse({ type: SiteCoordinatorResponse })
  @ApiNotFoundResponse({ description: 'No such site, or no coordinator named yet' })
  @ApiProblemResponses()
  async coordinator(
    @CurrentActor() actor: Actor,
    @Param('siteId', ParseUUIDPipe) siteId: string,
  ): Promise<SiteCoordinatorResponse> {
    return SiteCoordinatorResponse.from(await this.coordinators.coordinatorOf(actor, siteId));
  }
}
