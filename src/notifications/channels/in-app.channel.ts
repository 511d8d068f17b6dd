import { Injectable } from '@nestjs/common';
import type { Notification } from '../entities/notification.entity';
import { DeliversNotifications, type NotificationChannel } from './notification-channel';

/** The feed at GET /api/v1/notifications: the stored row is the delivery, so there is nothing more to do. */
@Injectable()
@DeliversNotifications()
export class InAppChannel implements NotificationChannel {
  readonly name = 'in_app';

  async deliver(_notification: Notification): Promise<void> {}
}
