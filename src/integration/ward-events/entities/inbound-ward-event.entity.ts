import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';
import type { WardEventOutcome, WardEventStatus, WardEventType } from '../ward-event-vocabulary';

/**
 * Every event a ward system sent, with what it did. Unique per (client, sourceEventId): the same applied
 * event sent again answers this outcome and changes nothing. An event that could not be applied (unknown
 * NHS number, out of order) is kept too, `unapplied` with the rule and reason, for the site's coordinator
 * (GET /sites/{id}/ward-events?status=unapplied): it changed nothing else, and sent again under the same
 * sourceEventId it is tried again (and applied once the order is right). Every attempt is audited.
 */
@Entity('inbound_ward_events')
@Index('uq_inbound_ward_events_client_source_event', ['clientId', 'sourceEventId'], { unique: true })
@Index(['serviceUserId', 'occurredOn'])
@Index('ix_inbound_ward_events_status_created', ['status', 'createdAt'])
export class InboundWardEvent extends BaseRecord {
  /** The integration client (integration_clients.id) that sent it. */
  @Column({ type: 'uuid' })
  clientId: string;

  @Column({ type: 'text' })
  sourceEventId: string;

  @Column({ type: 'text' })
  sourceSystem: string;

  @Column({ type: 'text' })
  type: WardEventType;

  @Column({ type: 'date' })
  occurredOn: string;

  @Column({ type: 'text', nullable: true })
  wardCode: string | null;

  /** Null only for an unapplied event whose NHS number matched no service user at the client's Trust. */
  @Column({ type: 'uuid', nullable: true })
  serviceUserId: string | null;

  /** `applied`, or `unapplied` (kept with the reason, for the coordinator). */
  @Column({ type: 'text', default: 'applied' })
  status: WardEventStatus;

  /** Why it could not be applied: the rule, and the explanation as the sender was told it. */
  @Column({ type: 'text', nullable: true })
  unappliedRule: string | null;

  @Column({ type: 'text', nullable: true })
  unappliedReason: string | null;

  /** The NHS number as sent, kept only while no service user matched it (so the coordinator can find them). */
  @Column({ type: 'text', nullable: true })
  nhsNumber: string | null;

  /** The sites whose coordinators see the event: the service user's, or (unknown NHS number) the client's. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  siteIds: string[];

  /** How many times it was sent (an unapplied event is tried again when sent again). */
  @Column({ type: 'int', default: 1 })
  attempts: number;

  /** The support episode it moved, if any (an admission moves none). */
  @Column({ type: 'uuid', nullable: true })
  episodeId: string | null;

  @Column({ type: 'text' })
  outcome: WardEventOutcome;

  /** The episode's state after the event (null without an open episode). */
  @Column({ type: 'text', nullable: true })
  episodeState: string | null;

  /** For an admission: the ward the service user was placed on, when the code named one. */
  @Column({ type: 'uuid', nullable: true })
  wardId: string | null;
}
