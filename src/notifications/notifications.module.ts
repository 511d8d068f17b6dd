import { Module } from '@nestjs/common';
import { WebhookChannel } from '../webhooks/webhook.channel';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { InAppChannel } from './channels/in-app.channel';
import { NOTIFICATION_CHANNELS, NotificationChannel } from './channels/notification-channel';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [WebhooksModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    InAppChannel,
    // Every channel a notification goes through. Email or SMS: one class here.
    { provide: NOTIFICATION_CHANNELS, inject: [InAppChannel, WebhookChannel], useFactory: (...channels: NotificationChannel[]) => channels },
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
