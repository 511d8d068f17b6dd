import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { Notification } from '../entities/notification.entity';

/**
 * A way a notification reaches its recipient. Adding email or SMS is one new provider implementing this,
 * declared with @DeliversNotifications() in its own area; NotificationsService finds every such provider
 * at start-up. `deliver` must be idempotent: after a worker dies mid-delivery it is called again for the
 * same notification.
 */
export interface NotificationChannel {
  readonly name: string;
  /** Runs inside the delivery's transaction: read through `manager`, never a second pool connection. */
  deliver(notification: Notification, manager: EntityManager): Promise<void>;
}

export const DeliversNotifications = DiscoveryService.createDecorator<void>();
