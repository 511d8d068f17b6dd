import { Module } from '@nestjs/common';
import { WebhookChannel } from './webhook.channel';
import { WebhookSubscriptionsController } from './webhook-subscriptions.controller';
import { WebhooksService } from './webhooks.service';

/** Outbound webhooks. WebhookJobs (the delivery queue) is provided globally by the scheduling module. */
@Module({
  controllers: [WebhookSubscriptionsController],
  providers: [WebhooksService, WebhookChannel],
  exports: [WebhooksService],
})
export class WebhooksModule {}
