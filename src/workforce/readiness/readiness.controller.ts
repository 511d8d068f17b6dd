import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { ApiProblemResponses } from '../../common/http/api-problem-responses';
import { ChangeStatusRequest, PeerWorkerResponse } from '../peer-workers/dto/peer-worker.dto';
import { READINESS_EXPLANATIONS } from '../peer-workers/readiness';
import { ReadinessResponse } from './readiness.dto';
import { ReadinessService } from './readiness.service';

@ApiTags('Peer workforce')
@Controller('peer-workers')
export class WorkforceController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get(':id/readiness')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: 'Whether a peer worker may be paired with a service user, naming every unmet condition',
    description:
      'Conditions: appointed (a reserve must be activated as cover), DBS cleared, Occupational Health cleared, core training passed, induction complete, the current code of ethics acknowledged by the peer worker themself, and the digital competencies the site requires covered.',
  })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may see' })
  @ApiProblemResponses()
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ReadinessResponse> {
    const result = await this.readiness.readiness(actor, id);
    return {
      peerWorkerId: id,
      status: result.peerWorker.status,
      ready: result.ready,
      unmet: result.unmet.map((condition) => ({ condition, explanation: READINESS_EXPLANATIONS[condition] })),
    };
  }

  @Post(':id/status')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary:
      'Change a peer worker’s status: activate (or activate a reserve as cover), make inactive, promote a reserve, record leaving',
    description:
      'Starting training and appointment happen through the recruitment application. Activation needs every readiness condition.',
  })
  @ApiOkResponse({ type: PeerWorkerResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker on your sites' })
  @ApiConflictResponse({ description: 'Forbidden transition; `rule` names the missing condition' })
  @ApiProblemResponses()
  async changeStatus(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChangeStatusRequest,
  ): Promise<PeerWorkerResponse> {
    return PeerWorkerResponse.from(await this.readiness.changeStatus(actor, id, body.status, body.reason));
  }
}
