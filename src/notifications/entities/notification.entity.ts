import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A reminder or escalation addressed to one user. `dedupeKey` is unique: a reminder job that is retried
 * (or picked up again after a worker died mid-job) inserts nothing the second time.
 */
@Entity('notifications')
@Index(['recipientUserId', 'createdAt'])
@Index('ix_notifications_unsent', ['createdAt'], { where: 'sent_at IS NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'uuid' })
  recipientUserId: string;

  /** What it is about, e.g. `first_community_meeting.overdue`, `meeting.reminder`, `daily_digest`. */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  subjectType: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  /** The site the subject belongs to (webhooks go only to clients of that site). */
  @Column({ type: 'uuid', nullable: true })
  siteId: string | null;

  /** When the reminder was due to fire. */
  @Column({ type: 'timestamptz', precision: 3 })
  dueAt: Date;

  /** When every channel had it (the in-app feed at least). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  /** One line for the feed; no clinical detail (a notification may leave the system by webhook). */
  @Column({ type: 'text' })
  summary: string;

  /** Ids and times the recipient needs to act (no personal data). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  @Index({ unique: true })
  @Column({ type: 'text' })
  dedupeKey: string;
}
