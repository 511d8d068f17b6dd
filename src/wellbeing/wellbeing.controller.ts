import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
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
import {
  CreatePeerSupportResourceRequest,
  PeerSupportResourceResponse,
  WellbeingPlanResponse,
  WriteWellbeingPlanRequest,
} from './dto/wellbeing.dto';
import { WellbeingService } from './wellbeing.service';

/** Staff roles a peer worker, coordinator or named deputy may hold; the service decides who sees a plan (404 otherwise). */
const STAFF = [Role.Admin, Role.Coordinator, Role.PeerWorker, Role.WardStaff];
const VISIBILITY =
  'Only the peer worker and their site’s named coordinator and deputy; anyone else, admins included, gets 404.';

@ApiTags('Wellbeing')
@Controller()
export class WellbeingController {
  constructor(private readonly wellbeing: WellbeingService) {}

  @Get('peer-workers/:id/wellbeing-plan')
  @Access(...STAFF)
  @ApiOperation({ summary: "A peer worker's current wellbeing plan", description: VISIBILITY })
  @ApiOkResponse({ type: WellbeingPlanResponse })
  @ApiNotFoundResponse({ description: 'No plan yet, or not one you may see' })
  @ApiProblemResponses()
  async current(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<WellbeingPlanResponse> {
    return WellbeingPlanResponse.from(await this.wellbeing.current(actor, id));
  }

  @Get('peer-workers/:id/wellbeing-plan/versions')
  @Access(...STAFF)
  @ApiOperation({ summary: 'Every version of a peer worker’s wellbeing plan, newest first', description: VISIBILITY })
  @ApiOkResponse({ type: [WellbeingPlanResponse] })
  @ApiNotFoundResponse({ description: 'Not a plan you may see' })
  @ApiProblemResponses()
  async versions(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<WellbeingPlanResponse[]> {
    return (await this.wellbeing.versions(actor, id)).map(WellbeingPlanResponse.from);
  }

  @Post('peer-workers/:id/wellbeing-plan/versions')
  @Access(...STAFF)
  @ApiOperation({
    summary: 'Write a new version of the wellbeing plan (what keeps me well, early signs, what helps, who to contact)',
    description: `Versions are append-only; send basedOnVersion (null for the first). ${VISIBILITY}`,
  })
  @ApiCreatedResponse({ type: WellbeingPlanResponse })
  @ApiNotFoundResponse({ description: 'Not a plan you may see' })
  @ApiConflictResponse({ description: 'basedOnVersion is not the current version' })
  @ApiUnprocessableEntityResponse({ description: 'A peer support resource of another site' })
  @ApiProblemResponses()
  async write(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: WriteWellbeingPlanRequest,
  ): Promise<WellbeingPlanResponse> {
    return WellbeingPlanResponse.from(await this.wellbeing.write(actor, id, body));
  }

  @Get('sites/:siteId/peer-support-resources')
  @Access(...STAFF)
  @ApiOperation({ summary: 'Peer support for peers available at the site (a resource list, not a clinical record)' })
  @ApiOkResponse({ type: [PeerSupportResourceResponse] })
  @ApiNotFoundResponse({ description: 'No such site that you work on' })
  @ApiProblemResponses()
  async resources(
    @CurrentActor() actor: Actor,
    @Param('siteId', ParseUUIDPipe) siteId: string,
  ): Promise<PeerSupportResourceResponse[]> {
    return (await this.wellbeing.resources(actor, siteId)).map(PeerSupportResourceResponse.from);
  }

  @Post('sites/:siteId/peer-support-resources')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Add a peer support resource to the site’s list' })
  @ApiCreatedResponse({ type: PeerSupportResourceResponse })
  @ApiNotFoundResponse({ description: 'No such site among those you manage' })
  @ApiUnprocessableEntityResponse({ description: 'A resource of that name is already listed' })
  @ApiProblemResponses()
  async addResource(
    @CurrentActor() actor: Actor,
    @Param('siteId', ParseUUIDPipe) siteId: string,
    @Body() body: CreatePeerSupportResourceRequest,
  ): Promise<PeerSupportResourceResponse> {
    return PeerSupportResourceResponse.from(await this.wellbeing.addResource(actor, siteId, body));
  }
}
