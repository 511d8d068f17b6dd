import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TransitionRecord } from '../../../common/state-machine/state-machine';
import { Meeting } from './meeting.entity';

/** Every move of a meeting's status: who, when, why. Append-only (trigger in the migration). */
@Entity('meeting_transitions')
@Index(['meetingId', 'occurredAt'])
export class MeetingTransition extends TransitionRecord {
  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;
}
