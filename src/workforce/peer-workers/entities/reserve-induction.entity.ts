import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';

/**
 * Support and induction for a reserve peer worker before they are activated as cover (handbook 15.3):
 * recorded each time a reserve is brought in, since months may pass in the reserve pool. Append-only.
 */
@Entity('reserve_inductions')
@Index(['peerWorkerId', 'completedOn'])
export class ReserveInduction extends BaseRecord {
  @Column({ type: 'uuid' })
  peerWorkerId: string;

  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'date' })
  completedOn: string;

  /** What the induction covered, e.g. team re-introduction, current caseload, local changes, supervision arrangements. */
  @Column({ type: 'text', array: true })
  topics: string[];

  /** Who will support the reserve while they cover (users.id): usually the coordinator. */
  @Column({ type: 'uuid' })
  supportedByUserId: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid' })
  recordedById: string;
}
