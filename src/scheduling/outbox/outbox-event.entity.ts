import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A domain change that should cause work later (a reminder, an escalation, a webhook), written in the
 * same transaction as the change itself. The relay moves unsent rows into BullMQ with a job id derived
 * from the row id, so a relay that runs twice enqueues once, and a Redis outage never loses a write.
 */
@Entity('outbox_events')
@Index('ix_outbox_events_unsent', ['createdAt'], { where: 'sent_at IS NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  /** What happened, in the domain's words: `meeting.planned`, `episode.discharged`, `lone_working.visit_started` … */
  @Column({ type: 'text' })
  type: string;

  /** The record the event is about, so processors can re-read its current state. */
  @Column({ type: 'text' })
  aggregateType: string;

  @Column({ type: 'uuid' })
  aggregateId: string;

  /** Facts at the time of the change; processors must not trust them over the record's current state. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  /** Who caused it (user id, integration client id or `system`). */
  @Column({ type: 'text' })
  actorId: string;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  relayAttempts: number;

  @Column({ type: 'text', nullable: true })
  lastRelayError: string | null;
}
