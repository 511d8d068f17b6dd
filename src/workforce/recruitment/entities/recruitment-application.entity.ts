import { Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../../database/base.entity';
import type { ApplicationStage, InterviewPanelMember, Pathway } from '../recruitment-stage';

/** One person's way through a campaign, on either pathway. The person is a peer worker record from the start. */
@Entity('recruitment_applications')
@Index(['campaignId', 'stage'])
@Index(['peerWorkerId'])
export class RecruitmentApplication extends EditableRecord {
  @Column({ type: 'uuid' })
  campaignId: string;

  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'uuid' })
  peerWorkerId: string;

  @Column({ type: 'text' })
  pathway: Pathway;

  @Column({ type: 'text' })
  stage: ApplicationStage;

  @Column({ type: 'jsonb', nullable: true })
  interviewPanel: InterviewPanelMember[] | null;

  /** The panel as recorded before panels named records (free text with a self-declared isPeerWorker); kept as it was. */
  @Column({ type: 'jsonb', nullable: true })
  interviewPanelLegacy: Record<string, unknown>[] | null;

  @Column({ type: 'date', nullable: true })
  interviewedOn: string | null;
}
