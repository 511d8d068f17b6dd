import { Body, Controller, Get, Param, ParseUUIDPipe, ParseEnumPipe, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { ApiProblem, ApiProblemResponses } from '../../common/http/api-problem-responses';
import { IfMatchVersion } from '../../common/http/etag';
import { CreatePlanRequest, PlanResponse, PlanVersionResponse, UpdatePlanRequest } from './dto/plan.dto';
import { PLAN_KINDS, type PlanKind } from './plan-kinds';
import { PlansService } from './plans.service';

const WRITERS = [Role.Admin, Role.Coordinator, Role.PeerWorker] as const;
const NOT_IN_SCOPE =
  'No such episode or plan within your scope (a plan not shared with the care team does not exist for ward staff)';
const KIND = new ParseEnumPipe(Object.fromEntries(PLAN_KINDS.map((k) => [k, k])));
const KIND_PARAM = ApiParam({ name: 'kind', enum: PLAN_KINDS, example: 'crisis_plan' });

@ApiTags('Service-user-owned plans')
@Controller('support-episodes/:id/plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Post()
  @Access(...WRITERS)
  @ApiOperation({
    summary: 'Start a service-user-owned plan',
    description:
      'Discharge plan, crisis plan or personal recovery plan, written with the service user, who owns it. Version 1 is kept.',
  })
  @ApiCreatedResponse({ type: PlanResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiConflictResponse({ description: '`rule`: one_plan_of_each_kind, no_plan_change_after_episode_ended' })
  @ApiProblemResponses()
  async create(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreatePlanRequest,
  ): Promise<PlanResponse> {
    return PlanResponse.from(await this.plans.create(actor, id, body));
  }

  @Get()
  @Access(...WRITERS, Role.WardStaff)
  @ApiOperation({
    summary: 'The current plans you may read',
    description: 'Ward staff see only plans the service user agreed to share with the care team.',
  })
  @ApiOkResponse({ type: [PlanResponse] })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async list(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<PlanResponse[]> {
    return (await this.plans.list(actor, id)).map(PlanResponse.from);
  }

  @Get(':kind')
  @KIND_PARAM
  @Access(...WRITERS, Role.WardStaff)
  @ApiOperation({
    summary: 'The current version of a plan',
    description: 'The ETag is its version; send it back in If-Match when changing it.',
  })
  @ApiOkResponse({ type: PlanResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async current(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('kind', KIND) kind: PlanKind,
  ): Promise<PlanResponse> {
    return PlanResponse.from(await this.plans.current(actor, id, kind));
  }

  @Patch(':kind')
  @KIND_PARAM
  @Access(...WRITERS)
  @ApiOperation({
    summary: 'Change a plan: a new version, every earlier one kept',
    description: 'Send If-Match with the ETag you read; a stale one gets 412.',
  })
  @ApiOkResponse({ type: PlanResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblem(412, 'If-Match names a version that is no longer current')
  @ApiConflictResponse({ description: '`rule`: no_plan_change_after_episode_ended' })
  @ApiProblemResponses()
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('kind', KIND) kind: PlanKind,
    @Body() body: UpdatePlanRequest,
    @IfMatchVersion() version: number | undefined,
  ): Promise<PlanResponse> {
    return PlanResponse.from(await this.plans.update(actor, id, kind, body, version));
  }

  @Get(':kind/versions')
  @KIND_PARAM
  @Access(...WRITERS)
  @ApiOperation({
    summary: 'Every version of a plan: who changed what, and when',
    description:
      'Every version is kept (append-only), each with who changed it, what changed and when; the service user is the owner of every version.',
  })
  @ApiOkResponse({ type: [PlanVersionResponse] })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async versions(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('kind', KIND) kind: PlanKind,
  ): Promise<PlanVersionResponse[]> {
    return (await this.plans.versions(actor, id, kind)).map(PlanVersionResponse.from);
  }
}
