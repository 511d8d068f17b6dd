import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { ApiProblemResponses } from '../common/http/api-problem-responses';
import { AttentionService } from './attention.service';
import { AttentionItemResponse, AttentionQuery, ResolveAttentionRequest } from './dto/attention.dto';

@ApiTags('Attention')
@Controller()
export class AttentionController {
  constructor(private readonly attention: AttentionService) {}

  @Get('sites/:id/attention-items')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Episodes waiting on the coordinator, oldest first',
    description:
      'Every open episode left without a responsible peer worker is here until mended: the paired peer worker left (`peer_worker_left`), ' +
      'discharged before pairing (`urgent_pairing`, with the discharge date), discharged before the first ward meeting (`discharged_before_ward_meeting`). ' +
      'A re-pairing or pairing resolves the matching items; the coordinator may resolve any with what was done.',
  })
  @ApiOkResponse({ type: [AttentionItemResponse] })
  @ApiNotFoundResponse({ description: 'No such site that you coordinate' })
  @ApiProblemResponses()
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) siteId: string,
    @Query() query: AttentionQuery,
  ): Promise<AttentionItemResponse[]> {
    return (await this.attention.list(actor, siteId, query.state)).map(AttentionItemResponse.from);
  }

  @Post('attention-items/:id/resolution')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Resolve an attention item, saying what was done' })
  @ApiOkResponse({ type: AttentionItemResponse })
  @ApiNotFoundResponse({ description: 'No such item on a site you coordinate' })
  @ApiConflictResponse({ description: '`rule`: already_resolved' })
  @ApiProblemResponses()
  async resolve(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResolveAttentionRequest,
  ): Promise<AttentionItemResponse> {
    return AttentionItemResponse.from(await this.attention.resolve(actor, id, body.resolution));
  }
}
