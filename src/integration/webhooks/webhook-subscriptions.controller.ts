import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Scope } from '../../auth/oauth/scopes';
import { Access, CurrentActor, RequireScope } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { ApiProblem, ApiProblemResponses } from '../../common/http/api-problem-responses';
import {
  CreatedWebhookSubscriptionResponse,
  CreateWebhookSubscriptionRequest,
  WebhookDeliveryResponse,
  WebhookSubscriptionResponse,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('Webhooks')
@Controller('webhook-subscriptions')
@RequireScope(Scope.EventsSubscribe)
export class WebhookSubscriptionsController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Access(Role.Admin, Role.Integration)
  @ApiOperation({
    summary: 'Subscribe an integration client to an event type',
    description:
      'Payloads are POSTed as JSON, signed with HMAC-SHA256 over `${timestamp}.${body}` (see docs/reference/reminders-and-webhooks.md). The secret is returned once.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookSubscriptionResponse })
  @ApiProblem(422, 'Unknown or inactive integration client')
  @ApiProblemResponses()
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateWebhookSubscriptionRequest,
  ): Promise<CreatedWebhookSubscriptionResponse> {
    const { subscription, secret } = await this.webhooks.subscribe(actor, body);
    return { ...WebhookSubscriptionResponse.of(subscription), secret };
  }

  @Get()
  @Access(Role.Admin, Role.Integration)
  @ApiOperation({
    summary: 'List webhook subscriptions',
    description: 'Admins see all; an integration client sees its own. Secrets are never listed.',
  })
  @ApiOkResponse({ type: [WebhookSubscriptionResponse] })
  @ApiProblemResponses()
  async list(@CurrentActor() actor: Actor): Promise<WebhookSubscriptionResponse[]> {
    return (await this.webhooks.list(actor)).map(WebhookSubscriptionResponse.of);
  }

  @Get(':id/deliveries')
  @Access(Role.Admin, Role.Integration)
  @ApiOperation({
    summary: 'Delivery log of a subscription',
    description: 'The latest 200 attempts: status code, duration and error of each.',
  })
  @ApiOkResponse({ type: [WebhookDeliveryResponse] })
  @ApiProblem(404, 'No such subscription visible to the caller')
  @ApiProblemResponses()
  async deliveries(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<WebhookDeliveryResponse[]> {
    return (await this.webhooks.deliveries(actor, id)).map(WebhookDeliveryResponse.of);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Access(Role.Admin, Role.Integration)
  @ApiOperation({
    summary: 'Re-enable a subscription',
    description: 'After the receiver is fixed: turns the subscription on and restarts its failure count.',
  })
  @ApiOkResponse({ type: WebhookSubscriptionResponse })
  @ApiProblem(404, 'No such subscription visible to the caller')
  @ApiProblemResponses()
  async enable(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<WebhookSubscriptionResponse> {
    return WebhookSubscriptionResponse.of(await this.webhooks.setActive(actor, id, true));
  }

  @Delete(':id')
  @Access(Role.Admin, Role.Integration)
  @ApiOperation({
    summary: 'Turn a subscription off',
    description: 'Kept (with its delivery log) but no longer delivered to.',
  })
  @ApiOkResponse({ type: WebhookSubscriptionResponse })
  @ApiProblem(404, 'No such subscription visible to the caller')
  @ApiProblemResponses()
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<WebhookSubscriptionResponse> {
    return WebhookSubscriptionResponse.of(await this.webhooks.setActive(actor, id, false));
  }
}
