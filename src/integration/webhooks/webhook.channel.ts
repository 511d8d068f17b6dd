import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DeliversNotifications, type NotificationChannel } from '../../notifications/channels/notification-channel';
import type { Notification } from '../../notifications/entities/notification.entity';
import { WebhooksService } from './webhooks.service';

/**
 * Notifications to integrating systems, as `notification.<kind>` events. Only ids, kind and times leave
 * ENRICH; the receiving system looks anything else up through the API with its own access.
 */
@Injectable()
@DeliversNotifications()
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook';

  constructor(private readonly webhooks: WebhooksService) {}

  async deliver(n: Notification, manager: EntityManager): Promise<void> {
    await this.webhooks.publish(
      {
        id: n.id,
        type: `notification.${n.kind}`,
        occurredAt: (n.createdAt ?? new Date()).toISOString(),
        data: {
          notificationId: n.id,
          kind: n.kind,
          recipientUserId: n.recipientUserId,
          subjectType: n.subjectType,
          subjectId: n.subjectId,
          siteId: n.siteId,
          dueAt: n.dueAt.toISOString(),
        },
      },
      n.siteId,
      manager,
    );
  }
}
