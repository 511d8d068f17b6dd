import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TransitionRecord } from '../../../common/state-machine/state-machine';
import { PlannedContact } from './planned-contact.entity';

/** Every move of a planned contact: who, when, why, from and to (null when generated). Append-only (trigger in the migration). */
@Entity('planned_contact_transitions')
@Index(['plannedContactId', 'occurredAt'])
export class PlannedContactTransition extends TransitionRecord {
  @Column({ type: 'uuid' })
  plannedContactId: string;

  @ManyToOne(() => PlannedContact, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'planned_contact_id' })
  plannedContact?: PlannedContact;
}
