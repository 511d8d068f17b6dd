import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { RecordNotFoundError } from '../common/errors/domain-errors';
import { Page, paginateByCreation } from '../common/pagination/page';
import { DeliversNotifications, type NotificationChannel } from './channels/notification-channel';
import type { NotificationQuery } from './dto/notification.dto';
import { Notification } from './entities/notification.entity';

export interface NewNotification {
  recipientUserId: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  siteId: string | null;
  dueAt: Date;
  summary: string;
  details?: Record<string, unknown>;
  dedupeKey: string;
}

@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  private discoveredChannels: NotificationChannel[] | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly discovery: DiscoveryService,
    private readonly audit: AuditService,
  ) {}

  /** Every provider declared with @DeliversNotifications, by name (in_app, webhook …), found at first use. */
  channels(): NotificationChannel[] {
    this.discoveredChannels ??= this.discovery
      .getProviders({ metadataKey: DeliversNotifications.KEY })
      .map((wrapper) => wrapper.instance as NotificationChannel)
      .filter((channel) => channel !== undefined && channel !== null)
      .sort((a, b) => a.name.localeCompare(b.name));
    return this.discoveredChannels;
  }

  /**
   * Store the notifications (a dedupe key already present inserts nothing), then deliver every one of
   * them not yet sent through every channel. Safe to run again after a crash at any point: the insert is
   * idempotent, and delivery resumes for rows whose sent_at is still empty.
   */
  async dispatch(drafts: NewNotification[]): Promise<{ created: number; delivered: number }> {
    if (drafts.length === 0) return { created: 0, delivered: 0 };
    const inserted = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values(drafts.map((d) => ({ ...d, details: (d.details ?? {}) as never })))
      .orIgnore()
      .returning('id')
      .execute();
    const keys = drafts.map((d) => d.dedupeKey);
    const delivered = await this.dataSource.transaction(async (manager) => {
      // Locked and skipped: two workers finishing the same reminder do not deliver one notification twice.
      const pending = await manager
        .createQueryBuilder(Notification, 'n')
        .where({ dedupeKey: In(keys) })
        .andWhere('n.sentAt IS NULL')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const notification of pending) {
        for (const channel of this.channels()) await channel.deliver(notification, manager);
        await manager.update(Notification, notification.id, { sentAt: new Date() });
      }
      return pending.length;
    });
    // RETURNING yields only the rows actually inserted (a conflicting dedupe key returns nothing).
    return { created: (inserted.raw as unknown[]).length, delivered };
  }

  /** The caller's own notifications, newest first is not stable under inserts: creation order, keyset-paginated. */
  async listOwn(actor: Actor, query: NotificationQuery): Promise<Page<Notification>> {
    const qb = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.recipientUserId = :me', { me: actor.id });
    if (query.unread) qb.andWhere('n.readAt IS NULL');
    if (query.unacknowledged) qb.andWhere('n.acknowledgedAt IS NULL');
    if (query.kind) qb.andWhere('n.kind = :kind', { kind: query.kind });
    return paginateByCreation(qb, 'n', query);
  }

  /** Acknowledge one of the caller's notifications (also marks it read). Someone else's is not found. */
  async acknowledge(actor: Actor, id: string): Promise<Notification> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const notification = await manager.findOne(Notification, {
        where: { id, recipientUserId: actor.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!notification) throw new RecordNotFoundError('Notification', id);
      if (!notification.acknowledgedAt) {
        const now = new Date();
        notification.acknowledgedAt = now;
        notification.readAt ??= now;
        await manager.save(notification);
        await this.audit.record(
          {
            actor,
            action: 'notification.acknowledge',
            resourceType: 'notification',
            resourceId: id,
            details: { kind: notification.kind },
          },
          manager,
        );
      }
      return notification;
    });
  }
}
