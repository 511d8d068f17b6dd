import { Column, Entity, Index } from 'typeorm';
import { TransitionRecord } from '../../common/state-machine/state-machine';

/** One move of an absence: who, when and why (append-only). */
@Entity('absence_transitions')
@Index(['absenceId', 'occurredAt'])
export class AbsenceTransition extends TransitionRecord {
  @Column({ type: 'uuid' })
  absenceId: string;
}
