import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';
import type { WardEventOutcome, WardEventType } from '../ward-event-vocabulary';

/**
 * An event a ward system sent and ENRICH accepted, with what it did. Unique per (client, sourceEventId):
 * the same event sent again answers this outcome and changes nothing. Refused events (unknown NHS
 * number, out of order) are not kept here — they changed nothing, so the sender may send them again
 * once the order is right — but every attempt is in the audit trail.
 */
@Entity('inbound_ward_events')
@Index('uq_inbound_ward_events_client_source_event', ['clientId', 'sourceEventId'], { unique: true })
@Index(['serviceUserId', 'occurredOn'])
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

  @Column({ type: 'uuid' })
  serviceUserId: string;

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
