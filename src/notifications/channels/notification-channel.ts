import type { EntityManager } from 'typeorm';
import type { Notification } from '../entities/notification.entity';

/**
 * A way a notification reaches its recipient. Adding email or SMS is one new class implementing this,
 * added to NOTIFICATION_CHANNELS in NotificationsModule. `deliver` must be idempotent: after a worker
 * dies mid-delivery it is called again for the same notification.
 */
export interface NotificationChannel {
  readonly name: string;
  /** Runs inside the delivery's transaction: read through `manager`, never a second pool connection. */
  deliver(notification: Notification, manager: EntityManager): Promise<void>;
}

export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
