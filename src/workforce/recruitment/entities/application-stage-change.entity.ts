import { Column, Entity, Index } from 'typeorm';
import { TransitionRecord } from '../../../common/state-machine/state-machine';

/** One move of a recruitment application: who, when and why. */
@Entity('recruitment_application_stage_changes')
@Index(['applicationId', 'occurredAt'])
export class ApplicationStageChange extends TransitionRecord {
  @Column({ type: 'uuid' })
  applicationId: string;
}
