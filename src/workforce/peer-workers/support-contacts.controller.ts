import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
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
import { RecordSupportContactRequest, SupportContactResponse } from './dto/support-contact.dto';
import { SupportContactsService } from './support-contacts.service';

@ApiTags('Peer workforce')
@Controller('peer-workers')
export class SupportContactsController {
  constructor(private readonly contacts: SupportContactsService) {}

  @Post(':id/support-contacts')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Record employment or welfare support given to a peer worker (handbook 6.7)',
    description: 'E.g. a reasonable-adjustments meeting with HR, or benefits advice before taking up paid hours.',
  })
  @ApiCreatedResponse({ type: SupportContactResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker on your sites' })
  @ApiUnprocessableEntityResponse({ description: 'contactOn is in the future' })
  @ApiProblemResponses()
  async record(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RecordSupportContactRequest,
  ): Promise<SupportContactResponse> {
    return SupportContactResponse.from(await this.contacts.record(actor, id, body));
  }

  @Get(':id/support-contacts')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: "A peer worker's employment and welfare support contacts, newest first (the peer worker sees their own)",
  })
  @ApiOkResponse({ type: [SupportContactResponse] })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may see' })
  @ApiProblemResponses()
  async list(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<SupportContactResponse[]> {
    return (await this.contacts.list(actor, id)).map(SupportContactResponse.from);
  }
}
