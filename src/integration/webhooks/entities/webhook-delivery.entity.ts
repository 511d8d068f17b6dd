import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One attempt to deliver one event to one subscription (append-only log). */
@Entity('webhook_deliveries')
@Index(['subscriptionId', 'createdAt'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'uuid' })
  subscriptionId: string;

  /** The event's id, also sent in the body: receivers dedupe on it. */
  @Column({ type: 'text' })
  eventId: string;

  @Column({ type: 'text' })
  eventType: string;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ type: 'integer' })
  durationMs: number;

  @Column({ type: 'boolean' })
  succeeded: boolean;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
