import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { EditableRecord } from '../../../database/base.entity';
import { Meeting } from '../../meetings/entities/meeting.entity';

export interface VisitCheckIn {
  at: string;
  /** The expected end after this check-in (a check-in may extend the visit). */
  expectedEndAt: string;
}

/**
 * A lone-working visit (handbook 14): a peer worker at the service user's home or in a public place.
 * Started before going in, with where and until when; checked in and out. A missing check-out escalates
 * (see visitSafetyAt and LoneWorkingService.escalationDue). `location` is personal data: never logged.
 */
@Entity('lone_working_visits')
@Index(['siteId', 'expectedEndAt'], { where: 'checked_out_at IS NULL' })
export class LoneWorkingVisit extends EditableRecord {
  @Index({ unique: true })
  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @Column({ type: 'uuid' })
  episodeId: string;

  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'uuid' })
  peerWorkerId: string;

  @Column({ type: 'text' })
  location: string;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz' })
  expectedEndAt: Date;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  checkIns: VisitCheckIn[];

  @Column({ type: 'timestamptz', nullable: true })
  checkedOutAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  escalationAcknowledgedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  escalationAcknowledgedById: string | null;

  @Column({ type: 'uuid' })
  startedById: string;
}
