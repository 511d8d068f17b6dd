import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';

/** One individual supervision of a peer worker by the coordinator or the deputy (handbook 11.2). */
@Entity('individual_supervision_sessions')
@Index(['peerWorkerId', 'heldOn'])
@Index(['siteId', 'heldOn'])
export class IndividualSupervisionSession extends BaseRecord {
  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'uuid' })
  peerWorkerId: string;

  @Column({ type: 'uuid' })
  supervisorUserId: string;

  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'uuid' })
  recordedById: string;
}
