import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';
import type { AssessmentMethod, AssessmentOutcome } from '../training-catalogue';

/** An assessment of a peer worker on one module: how, with what outcome, by whom. */
@Entity('training_assessments')
@Index(['peerWorkerId', 'moduleId'])
export class TrainingAssessment extends BaseRecord {
  @Column({ type: 'uuid' })
  peerWorkerId: string;

  @Column({ type: 'uuid' })
  moduleId: string;

  @Column({ type: 'text' })
  method: AssessmentMethod;

  @Column({ type: 'text' })
  outcome: AssessmentOutcome;

  @Column({ type: 'uuid' })
  assessorUserId: string;

  @Column({ type: 'date' })
  assessedOn: string;
}
