import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import type { PausableState } from '../support-episode.state-machine';
import { SupportEpisode } from './support-episode.entity';

/**
 * Each readmission during community support, kept for outcome reporting (readmission within 30, 90
 * and 365 days of discharge): the discharge it followed and, once known, the discharge that ended it.
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

  @Column({ type: 'text' })
  pausedFrom: PausableState;

  @Column({ type: 'uuid' })
  recordedById: string;

  /** The next discharge, when recorded: support resumed. */
  @Column({ type: 'date', nullable: true })
  dischargedAgainOn: string | null;
}
