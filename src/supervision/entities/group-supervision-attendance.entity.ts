import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';

/** A peer worker who attended a group supervision session (overdue detection reads the latest per peer worker). */
@Entity('group_supervision_attendance')
@Index(['sessionId', 'peerWorkerId'], { unique: true })
@Index(['peerWorkerId'])
export class GroupSupervisionAttendance extends BaseRecord {
  @Column({ type: 'uuid' })
  sessionId: string;

  @Column({ type: 'uuid' })
  peerWorkerId: string;
}
