import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { RecordNotFoundError } from '../common/errors/domain-errors';
import type { Page } from '../common/pagination/page';
import { DeliversNotifications, type NotificationChannel } from './channels/notification-channel';
import type { NotificationQuery } from './dto/notification.dto';
import type { Notification } from './entities/notification.entity';
import { NotificationsRepository, type NewNotification } from './notifications.repository';

export type { NewNotification } from './notifications.repository';

/** Most notifications stored and delivered in one batch (one INSERT, one delivery transaction). */
const MAX_BATCH = 500;
/** Batches in flight at once per process, so a burst uses a few pool connections, not the whole pool. */
const MAX_FLUSHES = 4;

interface Waiting {
  drafts: NewNotification[];
  resolve: (result: { created: number; delivered: number }) => void;
  reject: (error: unknown) => void;
}

@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  private discoveredChannels: NotificationChannel[] | null = null;

  /** Callers waiting for their drafts to be stored and delivered, in arrival order. */
  private readonly waiting: Waiting[] = [];
  private flushes = 0;
  private flushScheduled = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotificationsRepository,
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
   * Store the notifications (a dedupe key already present inserts nothing), then deliver every one of them not
   * yet sent through every channel. Safe to run again after a crash at any point: the insert is idempotent, and
   * delivery resumes for rows whose sent_at is still empty.
   *
   * Calls arriving together (a burst of reminders firing on many worker slots) are stored and delivered as one
   * batch: one multi-row INSERT and one delivery transaction instead of a round trip per row. Each caller still
   * gets its own counts; if a batch fails, each caller's part is tried on its own, so one bad notification cannot
   * hold back the others.
   */
  dispatch(drafts: NewNotification[]): Promise<{ created: number; delivered: number }> {
    if (drafts.length === 0) return Promise.resolve({ created: 0, delivered: 0 });
    return new Promise((resolve, reject) => {
      this.waiting.push({ drafts, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushes >= MAX_FLUSHES || this.waiting.length === 0) return;
    this.flushScheduled = true;
    // After the current turn of the event loop, so calls made together join one batch.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch: Waiting[] = [];
    let size = 0;
    while (this.waiting.length > 0 && (batch.length === 0 || size + this.waiting[0].drafts.length <= MAX_BATCH)) {
      const next = this.waiting.shift()!;
      batch.push(next);
      size += next.drafts.length;
    }
    if (batch.length === 0) return;
    this.flushes++;
    this.scheduleFlush(); // more waiting than one batch holds: start the next one alongside
    try {
      await this.settle(batch);
    } finally {
      this.flushes--;
      this.scheduleFlush();
    }
  }

  private async settle(batch: Waiting[]): Promise<void> {
    try {
      const { inserted, delivered } = await this.storeAndDeliver(batch.flatMap((w) => w.drafts));
      for (const w of batch) {
        w.resolve({
          created: w.drafts.filter((d) => inserted.delete(d.dedupeKey)).length,
          delivered: w.drafts.filter((d) => delivered.delete(d.dedupeKey)).length,
        });
      }
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      this.logger.warn(
        { error: (error as Error).message, callers: batch.length },
        'Notification batch failed; retrying each caller alone',
      );
      for (const w of batch) await this.settle([w]);
    }
  }

  private async storeAndDeliver(drafts: NewNotification[]): Promise<{ inserted: Set<string>; delivered: Set<string> }> {
    const inserted = new Set((await this.repository.insertNew(drafts)).map((r) => r.dedupeKey));
    const keys = [...new Set(drafts.map((d) => d.dedupeKey))];
    const delivered = await this.dataSource.transaction(async (manager) => {
      const pending = await this.repository.claimUnsent(keys, manager);
      for (const notification of pending) {
        for (const channel of this.channels()) await channel.deliver(notification, manager);
      }
      await this.repository.markSent(
        pending.map((n) => n.id),
        manager,
      );
      return new Set(pending.map((n) => n.dedupeKey));
    });
    return { inserted, delivered };
  }

  /** The caller's own notifications, newest first is not stable under inserts: creation order, keyset-paginated. */
  async listOwn(actor: Actor, query: NotificationQuery): Promise<Page<Notification>> {
    return this.repository.listFor(actor.id, query);
  }

  /** Acknowledge one of the caller's notifications (also marks it read). Someone else's is not found. */
  async acknowledge(actor: Actor, id: string): Promise<Notification> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      const notification = await this.repository.ownForUpdate(id, actor.id, manager);
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
