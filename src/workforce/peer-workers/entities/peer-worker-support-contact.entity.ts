import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';
import type { SupportContactKind } from '../support-contact-kind';
import { PeerWorker } from './peer-worker.entity';

/**
 * Employment and welfare support offered to a peer worker (handbook 6.7), e.g. a reasonable-adjustments talk with
 * HR or benefits advice before taking up paid work. Append-only; seen by the site's coordinators and the peer worker.
 */
@Entity('peer_worker_support_contacts')
@Index(['peerWorkerId', 'contactOn'])
@Check('ck_peer_worker_support_contacts_kind', `kind IN ('employment','welfare')`)
export class PeerWorkerSupportContact extends BaseRecord {
  @Column({ type: 'uuid' })
  peerWorkerId: string;

  @ManyToOne(() => PeerWorker, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'peer_worker_id' })
  peerWorker?: PeerWorker;

  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'date' })
  contactOn: string;

  @Column({ type: 'text' })
  kind: SupportContactKind;

  /** Who gave the support: a person or service (e.g. "Trust HR – employment adviser", "Citizens Advice"). */
  @Column({ type: 'text' })
  providedBy: string;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** users.id of whoever recorded it. */
  @Column({ type: 'uuid' })
  recordedById: string;
}
