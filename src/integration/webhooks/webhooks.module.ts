import { Module } from '@nestjs/common';
import { WebhookChannel } from './webhook.channel';
import { WebhookSubscriptionsController } from './webhook-subscriptions.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Outbound webhooks. WebhookJobs (the delivery queue) is provided globally by the scheduling module. */
@Module({
  controllers: [WebhookSubscriptionsController],
  providers: [WebhooksService, WebhooksRepository, WebhookChannel],
  exports: [WebhooksService],
})
export class WebhooksModule {}
