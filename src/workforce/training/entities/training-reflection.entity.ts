import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';

/** Feedback on a session, or a peer worker's reflection on what they learned. */
@Entity('training_reflections')
@Index(['sessionId'])
export class TrainingReflection extends BaseRecord {
  @Column({ type: 'uuid' })
  sessionId: string;

  @Column({ type: 'uuid', nullable: true })
  peerWorkerId: string | null;

  @Column({ type: 'text' })
  kind: 'feedback' | 'reflection';

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'uuid' })
  authorId: string;
}
