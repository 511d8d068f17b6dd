import { Body, Controller, Get, Param, ParseEnumPipe, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { ApiProblemResponses } from '../../common/http/api-problem-responses';
import {
  InductionChecklistResponse,
  RecordReserveInductionRequest,
  ReserveInductionResponse,
  SignOffInductionStepRequest,
} from './dto/induction.dto';
import { InductionService } from './induction.service';
import { INDUCTION_STEPS, InductionStep } from './peer-worker-status';

@ApiTags('Peer workforce')
@Controller('peer-workers')
export class InductionController {
  constructor(private readonly induction: InductionService) {}

  @Get(':id/induction')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: "A peer worker's induction checklist: team induction, NHS/Trust induction, ward visits, shadowing",
  })
  @ApiOkResponse({ type: InductionChecklistResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may see' })
  @ApiProblemResponses()
  async checklist(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<InductionChecklistResponse> {
    return this.induction.inductionChecklist(actor, id);
  }

  @Put(':id/induction/:step')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Sign off an induction step (you are recorded as who signed it off)' })
  @ApiParam({ name: 'step', enum: INDUCTION_STEPS })
  @ApiOkResponse({ type: InductionChecklistResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker on your sites' })
  @ApiProblemResponses()
  async signOff(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('step', new ParseEnumPipe(InductionStep)) step: InductionStep,
    @Body() body: SignOffInductionStepRequest,
  ): Promise<InductionChecklistResponse> {
    return this.induction.signOffInductionStep(actor, id, step, body.completedOn);
  }

  @Post(':id/reserve-inductions')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Record the support and induction of a reserve peer worker before activation (handbook 15.3)',
    description:
      'Only for a peer worker in the reserve pool. Activating a reserve needs one, wherever it happens: POST …/status or a cover plan.',
  })
  @ApiCreatedResponse({ type: ReserveInductionResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker on your sites' })
  @ApiUnprocessableEntityResponse({ description: 'The peer worker is not a reserve, or a date/user is wrong' })
  @ApiProblemResponses()
  async recordReserveInduction(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RecordReserveInductionRequest,
  ): Promise<ReserveInductionResponse> {
    return ReserveInductionResponse.from(await this.induction.recordReserveInduction(actor, id, body));
  }

  @Get(':id/reserve-inductions')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({ summary: "A reserve peer worker's inductions, latest first" })
  @ApiOkResponse({ type: [ReserveInductionResponse] })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may see' })
  @ApiProblemResponses()
  async reserveInductions(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ReserveInductionResponse[]> {
    return (await this.induction.reserveInductions(actor, id)).map(ReserveInductionResponse.from);
  }
}
