import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';

/** Whether a peer worker attended a training session. */
@Entity('training_attendances')
@Index(['sessionId', 'peerWorkerId'], { unique: true })
@Index(['peerWorkerId'])
export class TrainingAttendance extends BaseRecord {
  @Column({ type: 'uuid' })
  sessionId: string;

  @Column({ type: 'uuid' })
  peerWorkerId: string;

  @Column({ type: 'boolean' })
  attended: boolean;

  @Column({ type: 'uuid' })
  recordedBy: string;
}
