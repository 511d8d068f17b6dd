import { Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../../database/base.entity';

/**
 * An integration client's request to be told of some event types at one URL, signed with its own secret,
 * for the sites it names (by default every site of the client; every site of the service when an admin says so).
 */
@Entity('webhook_subscriptions')
@Index('ix_webhook_subscriptions_active', ['active'])
export class WebhookSubscription extends EditableRecord {
  /** integration_clients.id */
  @Column({ type: 'uuid' })
  integrationClientId: string;

  /**
   * Each an event type (`uk.nhs.enrich.episode.discharged`, `notification.first_community_meeting.overdue`), a
   * prefix ending in `.*` (`uk.nhs.enrich.episode.*`), or `*` for everything.
   */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  eventTypes: string[];

  /** Only events of these sites (each one of the client's); null: every site of the client, as it is at delivery. */
  @Column({ type: 'uuid', array: true, nullable: true })
  siteIds: string[] | null;

  /** Set by an admin only: events of every site, whatever the client's sites. */
  @Column({ type: 'boolean', default: false })
  allSites: boolean;

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
