import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';
import { InductionStep } from '../peer-worker-status';

/** One signed-off induction step of a peer worker (handbook 9). */
@Entity('induction_step_records')
@Index(['peerWorkerId', 'step'], { unique: true })
export class InductionStepRecord extends BaseRecord {
  @Column({ type: 'uuid' })
  peerWorkerId: string;

  @Column({ type: 'text' })
  step: InductionStep;

  @Column({ type: 'date' })
  completedOn: string;

  /** users.id of whoever signed it off. */
  @Column({ type: 'uuid' })
  signedOffBy: string;
}
