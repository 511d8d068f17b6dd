import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { EditableRecord } from '../../../database/base.entity';
import { SupportEpisode } from '../../../episodes/entities/support-episode.entity';
import { PeerWorker } from '../../../workforce/peer-workers/entities/peer-worker.entity';
import { PlannedContact } from '../../step-down/entities/planned-contact.entity';
import type {
  Attendee,
  MeetingMode,
  MeetingParty,
  MeetingRecord,
  MeetingSetting,
  MeetingStatus,
} from '../../../common/vocabulary/meeting-vocabulary';

/**
 * A meeting or contact between a peer worker and the service user of a support episode (handbook 13–14).
 * Its status moves through meetingMachine; every move is in meeting_transitions. The free-text note is
 * sensitive: never selected unless asked for, never logged, returned only to the meeting's peer worker,
 * their coordinator or an admin, and every such read is audited.
 */
@Entity('meetings')
@Index(['episodeId', 'plannedStartAt'])
@Index(['siteId', 'plannedStartAt'])
@Index(['peerWorkerId', 'plannedStartAt'])
// FHIR searches by patient (Encounter, Appointment) read a service user's meetings.
@Index('ix_meetings_service_user_planned_start', ['serviceUserId', 'plannedStartAt'])
export class Meeting extends EditableRecord {
  @Column({ type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => SupportEpisode, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'episode_id' })
  episode?: SupportEpisode;

  /** The episode's site and service user, kept for scoping lists and for the audit trail. */
  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'uuid' })
  serviceUserId: string;

  @Column({ type: 'uuid' })
  peerWorkerId: string;

  @ManyToOne(() => PeerWorker, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'peer_worker_id' })
  peerWorker?: PeerWorker;

  @Column({ type: 'text' })
  mode: MeetingMode;

  @Column({ type: 'text' })
  setting: MeetingSetting;

  @Column({ type: 'timestamptz' })
  plannedStartAt: Date;

  @Column({ type: 'int' })
  plannedDurationMinutes: number;

  @Column({ type: 'timestamptz', nullable: true })
  actualStartAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  actualEndAt: Date | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attendees: Attendee[];

  @Column({ type: 'text' })
  status: MeetingStatus;

  @Column({ type: 'text', nullable: true })
  missedBy: MeetingParty | null;

  @Column({ type: 'text', nullable: true })
  cancelledBy: MeetingParty | null;

  /** Why it was missed, cancelled or moved (also in the transition history). */
  @Column({ type: 'text', nullable: true })
  statusReason: string | null;

  /** The short structured record, once held. */
  @Column({ type: 'jsonb', nullable: true })
  record: MeetingRecord | null;

  /** Sensitive free text: not selected by default (select: false). */
  @Column({ type: 'text', nullable: true, select: false })
  note?: string | null;

  /** A rescheduled meeting points to its replacement, and the replacement back to it. */
  @Column({ type: 'uuid', nullable: true })
  rescheduledFromId: string | null;

  @Column({ type: 'uuid', nullable: true })
  rescheduledToId: string | null;

  @Column({ type: 'uuid' })
  recordedById: string;

  /** Why a meeting that needs a checked-out lone-working visit was held without one (e.g. a colleague went too). */
  @Column({ type: 'text', nullable: true })
  loneWorkingExemptionReason: string | null;

  /**
   * The planned contact of the community plan this meeting is for: given when the meeting is planned or
   * recorded, or (for a community meeting held without one) the episode's next outstanding contact.
   * Holding the meeting records the contact held, missing it records the contact missed, in the same transaction.
   */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  plannedContactId: string | null;

  @ManyToOne(() => PlannedContact, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'planned_contact_id' })
  plannedContact?: PlannedContact;
}
