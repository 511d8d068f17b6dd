import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page, paginateByCreation } from '../common/pagination/page';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import type { NotificationQuery } from './dto/notification.dto';
import { Notification } from './entities/notification.entity';

/** A notification to store; `dedupeKey` makes storing it twice a no-op. */
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

const EXAMPLE: NewNotification = {
  recipientUserId: DummyValue.UUID,
  kind: 'meeting.reminder',
  subjectType: 'meeting',
  subjectId: DummyValue.UUID2,
  siteId: DummyValue.UUID,
  dueAt: DummyValue.DATE,
  summary: DummyValue.STRING,
  dedupeKey: 'meeting.reminder:example',
};

/** The notifications table: stored in batches, claimed for delivery, listed and acknowledged by their recipient. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Store many in one statement. A dedupe key already stored (or twice in the batch) inserts nothing, and only
   * rows really inserted come back.
   */
  @GenerateSql({ params: [[EXAMPLE]] })
  async insertNew(drafts: NewNotification[], manager = this.dataSource.manager): Promise<{ dedupeKey: string }[]> {
    if (drafts.length === 0) return [];
    return manager.query(
      `INSERT INTO notifications (recipient_user_id, kind, subject_type, subject_id, site_id, due_at, summary, details, dedupe_key)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::text[], $8::jsonb[], $9::text[])
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING dedupe_key AS "dedupeKey"`,
      [
        drafts.map((d) => d.recipientUserId),
        drafts.map((d) => d.kind),
        drafts.map((d) => d.subjectType),
        drafts.map((d) => d.subjectId),
        drafts.map((d) => d.siteId),
        drafts.map((d) => d.dueAt.toISOString()),
        drafts.map((d) => d.summary),
        drafts.map((d) => JSON.stringify(d.details ?? {})),
        drafts.map((d) => d.dedupeKey),
      ],
    );
  }

  /**
   * Those of `keys` not yet delivered, locked for this transaction. Rows another worker holds are skipped: two
   * workers finishing the same reminder never deliver one notification twice.
   */
  @GenerateSql({ params: [['meeting.reminder:example']] })
  claimUnsent(keys: string[], manager: EntityManager): Promise<Notification[]> {
    return manager
      .createQueryBuilder(Notification, 'n')
      .where('n.dedupeKey = ANY(:keys)', { keys })
      .andWhere('n.sentAt IS NULL')
      .orderBy('n.createdAt')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  @GenerateSql({ params: [[DummyValue.UUID]] })
  async markSent(ids: string[], manager: EntityManager): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`UPDATE notifications SET sent_at = clock_timestamp() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** A recipient's notifications in creation order, keyset-paginated (newest first is not stable under inserts). */
  listFor(recipientUserId: string, query: NotificationQuery): Promise<Page<Notification>> {
    const qb = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.recipientUserId = :me', { me: recipientUserId });
    if (query.unread) qb.andWhere('n.readAt IS NULL');
    if (query.unacknowledged) qb.andWhere('n.acknowledgedAt IS NULL');
    if (query.kind) qb.andWhere('n.kind = :kind', { kind: query.kind });
    return paginateByCreation(qb, 'n', query);
  }

  /** One of the recipient's notifications, locked for the transaction; someone else's is null. */
  ownForUpdate(id: string, recipientUserId: string, manager: EntityManager): Promise<Notification | null> {
    return manager.findOne(Notification, { where: { id, recipientUserId }, lock: { mode: 'pessimistic_write' } });
  }
}
