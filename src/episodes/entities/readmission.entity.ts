import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import type { PausableState, SupportEpisodeState } from '../support-episode.state-machine';
import { SupportEpisode } from './support-episode.entity';

/**
 * Each readmission after a discharge, kept for outcome reporting (readmission within 30, 90 and 365 days
 * of discharge) in both arms: during support (it paused the episode), after the episode ended, for usual
 * care, or before pairing. With the discharge it followed and, once known, the discharge that ended it.
 */
@Entity('readmissions')
@Index(['episodeId', 'readmittedOn'])
@Index(['serviceUserId', 'readmittedOn'])
export class Readmission extends BaseRecord {
  @Column({ type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => SupportEpisode, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'episode_id' })
  episode?: SupportEpisode;

  @Column({ type: 'uuid' })
  serviceUserId: string;

  @Column({ type: 'date' })
  readmittedOn: string;

  /** The discharge this readmission followed. */
  @Column({ type: 'date' })
  afterDischargeOn: string;

  /** Days from that discharge to the readmission. */
  @Column({ type: 'int' })
  daysSinceDischarge: number;

  /** Where it paused support (community support or the step-down); null when it paused nothing. */
  @Column({ type: 'text', nullable: true })
  pausedFrom: PausableState | null;

  /** The episode's state when the readmission was recorded (`ended`: after support had ended). */
  @Column({ type: 'text' })
  episodeState: SupportEpisodeState;

  /** Within the site's follow-up horizon (readmissionFollowUpDays) from the episode's index discharge. */
  @Column({ type: 'boolean', default: true })
  withinFollowUp: boolean;

  @Column({ type: 'uuid' })
  recordedById: string;

  /** The next discharge, when recorded: support resumed. */
  @Column({ type: 'date', nullable: true })
  dischargedAgainOn: string | null;
}
