import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { EditableRecord } from '../../database/base.entity';
import { ServiceUser } from '../../service-users/entities/service-user.entity';
import { Site } from '../../sites/entities/site.entity';
import type { DiagnosisGroup, DiagnosticStratum } from '../../common/vocabulary/diagnosis';
import type { EligibilityAssessment } from '../eligibility';
import type { AllocationArm, EndingReason, PausableState, SupportEpisodeState } from '../support-episode.state-machine';

/**
 * One service user's course of peer support, from referral to ending. At most one open episode per
 * service user, enforced by a partial unique index. Who supported the episode when lives in the pairing
 * history (added with pairing); `peerWorkerId` is the current pairing, kept here for the guards.
 */
@Entity('support_episodes')
@Index('uq_support_episodes_one_open_per_service_user', ['serviceUserId'], { unique: true, where: "state <> 'ended'" })
@Index(['siteId', 'state'])
// The episode list filtered by state pages in creation order (keyset on createdAt, id).
@Index('ix_support_episodes_state_creation', ['state', 'createdAt', 'id'])
@Index('ix_support_episodes_site_state_creation', ['siteId', 'state', 'createdAt', 'id'])
export class SupportEpisode extends EditableRecord {
  @Column({ type: 'uuid' })
  serviceUserId: string;

  @ManyToOne(() => ServiceUser, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_user_id' })
  serviceUser?: ServiceUser;

  /** The service user's site at referral: the site whose rules and allocation apply. */
  @Column({ type: 'uuid' })
  siteId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  @Column({ type: 'text' })
  state: SupportEpisodeState;

  @Column({ type: 'date' })
  referredOn: string;

  @Column({ type: 'uuid' })
  referredById: string;

  @Column({ type: 'text' })
  primaryDiagnosisGroup: DiagnosisGroup;

  @Column({ type: 'text' })
  diagnosticStratum: DiagnosticStratum;

  @Column({ type: 'date', array: true, default: () => "'{}'" })
  previousAdmissionDates: string[];

  /** The eligibility checks as run at referral, with their explanations. */
  @Column({ type: 'jsonb' })
  eligibility: EligibilityAssessment;

  /** How the site allocated: `none` (routine service) or `randomised` (trial); null until allocated. */
  @Column({ type: 'text', nullable: true })
  allocationMethod: 'none' | 'randomised' | null;

  @Column({ type: 'text', nullable: true })
  allocatedArm: AllocationArm | null;

  @Column({ type: 'timestamptz', nullable: true })
  allocatedAt: Date | null;

  /** The peer worker now paired; set by pairing (a later step), whose history table records every pairing. */
  @Column({ type: 'uuid', nullable: true })
  peerWorkerId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstWardMeetingAt: Date | null;

  @Column({ type: 'date', nullable: true })
  dischargedOn: string | null;

  @Column({ type: 'date', nullable: true })
  readmittedOn: string | null;

  /** While readmitted: the state to return to after the next discharge. */
  @Column({ type: 'text', nullable: true })
  pausedFrom: PausableState | null;

  @Column({ type: 'text', nullable: true })
  endingReason: EndingReason | null;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
