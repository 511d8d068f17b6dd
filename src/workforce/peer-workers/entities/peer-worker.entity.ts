import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { EditableRecord } from '../../../database/base.entity';
import { Site } from '../../../sites/entities/site.entity';
import { PeerWorkerStatus } from '../peer-worker-status';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** When a peer worker works: the days and hours pairing checks availability against. */
export interface WorkingPattern {
  days: Weekday[];
  hoursPerWeek: number | null;
  /** e.g. "mornings only on Fridays" */
  notes: string | null;
}

/**
 * A peer worker: employed for their lived experience of mental health services. Created as an
 * applicant by recruitment; linked to a `peer_worker` user account once appointed. The facts used
 * for matching (gender, date of birth, ethnicity, languages, lived experience, interests, working
 * pattern) are all optional: the peer worker chooses what to share.
 */
@Entity('peer_workers')
@Index(['siteId', 'status'])
@Index('uq_peer_workers_user', ['userId'], { unique: true, where: 'user_id IS NOT NULL' })
@Check(
  'ck_peer_workers_status',
  `status IN ('applicant','in_training','appointed','reserve','active','inactive','left')`,
)
export class PeerWorker extends EditableRecord {
  @Column({ type: 'uuid' })
  siteId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  /** The peer_worker user account, once appointed. */
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  displayName: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  /** The team they are based with: a ward and/or a community team of their site. */
  @Column({ type: 'uuid', nullable: true })
  wardId: string | null;

  @Column({ type: 'uuid', nullable: true })
  communityTeamId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  workingPattern: WorkingPattern | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ type: 'text', nullable: true })
  gender: string | null;

  @Column({ type: 'date', nullable: true })
  dateOfBirth: string | null;

  @Column({ type: 'text', nullable: true })
  ethnicity: string | null;

  /** Lived-experience tags the peer worker chooses to share for matching (e.g. "hearing voices"). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  livedExperience: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  interests: string[];

  /** Handbook 8.0: without access the coordinator must hand over ward information themselves. */
  @Column({ type: 'boolean', default: false })
  hasPatientNotesAccess: boolean;

  @Column({ type: 'date', nullable: true })
  codeOfEthicsAcknowledgedOn: string | null;

  @Column({ type: 'date', nullable: true })
  dbsClearedOn: string | null;

  @Column({ type: 'date', nullable: true })
  occupationalHealthClearedOn: string | null;

  /**
   * Prior paid peer work the coordinator verified (handbook 6.2, the existing peer workforce): such a peer worker
   * may co-deliver training as an experienced peer before being appointed here. With who verified it.
   */
  @Column({ type: 'date', nullable: true })
  experiencedPeerVerifiedOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  experiencedPeerVerifiedById: string | null;

  @Column({ type: 'text', default: PeerWorkerStatus.Applicant })
  status: PeerWorkerStatus;
}
