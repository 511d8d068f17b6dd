import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
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
import { CodeOfEthicsService } from './code-of-ethics.service';
import {
  AcknowledgeCodeOfEthicsRequest,
  CodeOfEthicsAcknowledgementResponse,
  CodeOfEthicsVersionResponse,
  PublishCodeOfEthicsRequest,
} from './dto/code-of-ethics.dto';

@ApiTags('Peer workforce')
@Controller()
export class CodeOfEthicsController {
  constructor(private readonly codeOfEthics: CodeOfEthicsService) {}

  @Get('code-of-ethics')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({ summary: 'The current ENRICH Peer Worker Code of Ethics (handbook 14.10): its text and version' })
  @ApiOkResponse({ type: CodeOfEthicsVersionResponse })
  @ApiProblemResponses()
  async current(): Promise<CodeOfEthicsVersionResponse> {
    return CodeOfEthicsVersionResponse.from(await this.codeOfEthics.current());
  }

  @Post('code-of-ethics/versions')
  @Access(Role.Admin)
  @ApiOperation({
    summary: 'Publish a new version of the code of ethics',
    description: 'Every peer worker then acknowledges the new version themselves before they are ready to be paired.',
  })
  @ApiCreatedResponse({ type: CodeOfEthicsVersionResponse })
  @ApiProblemResponses()
  async publish(
    @CurrentActor() actor: Actor,
    @Body() body: PublishCodeOfEthicsRequest,
  ): Promise<CodeOfEthicsVersionResponse> {
    return CodeOfEthicsVersionResponse.from(await this.codeOfEthics.publish(actor, body.text));
  }

  @Post('peer-workers/:id/code-of-ethics-acknowledgement')
  @HttpCode(200)
  @Access(Role.PeerWorker)
  @ApiOperation({
    summary: 'Acknowledge the current code of ethics: the peer worker themself, signed in to their own account',
    description: 'Nobody can acknowledge it on a peer worker’s behalf. Acknowledging a version twice changes nothing.',
  })
  @ApiOkResponse({ type: CodeOfEthicsAcknowledgementResponse })
  @ApiForbiddenResponse({ description: 'own_acknowledgement: only the peer worker themself acknowledges' })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may see' })
  @ApiUnprocessableEntityResponse({ description: 'code_of_ethics_current_version: that version is not current' })
  @ApiProblemResponses()
  async acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AcknowledgeCodeOfEthicsRequest,
  ): Promise<CodeOfEthicsAcknowledgementResponse> {
    return CodeOfEthicsAcknowledgementResponse.from(await this.codeOfEthics.acknowledge(actor, id, body.version));
  }
}
