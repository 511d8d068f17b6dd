import { Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../../database/base.entity';

/** An integration client's request to be told of one event type at one URL, signed with its own secret. */
@Entity('webhook_subscriptions')
@Index(['eventType', 'active'])
export class WebhookSubscription extends EditableRecord {
  /** integration_clients.id */
  @Column({ type: 'uuid' })
  integrationClientId: string;

  /** e.g. `notification.first_community_meeting.overdue`, or `notification.*` for every notification. */
  @Column({ type: 'text' })
  eventType: string;

  @Column({ type: 'text' })
  targetUrl: string;

  /** The HMAC key; shown once at creation, never listed again. */
  @Column({ type: 'text', select: false })
  secret: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  disabledReason: string | null;
}
