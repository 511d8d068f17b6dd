import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { InAppChannel } from './channels/in-app.channel';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Notifications and their in-app feed. Other channels (webhooks, later email or SMS) live in their own areas, found by @DeliversNotifications. */
@Module({
  imports: [DiscoveryModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationsRepository, InAppChannel],
  exports: [NotificationsService],
})
export class NotificationsModule {}
