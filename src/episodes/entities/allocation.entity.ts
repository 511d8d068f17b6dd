import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Site } from '../../sites/entities/site.entity';
import type { DiagnosticStratum } from '../../common/vocabulary/diagnosis';
import type { AllocationArm } from '../support-episode.state-machine';
import { SupportEpisode } from './support-episode.entity';

/**
 * One randomised allocation, written once: the database refuses UPDATE, DELETE and TRUNCATE (trigger
 * in the migration), so the trial's allocation record cannot be rewritten.
 */
@Entity('allocations')
@Index(['siteId', 'stratum', 'sequenceNumber'], { unique: true })
export class Allocation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => SupportEpisode, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'episode_id' })
  episode?: SupportEpisode;

  @Column({ type: 'uuid' })
  siteId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  @Column({ type: 'text' })
  stratum: DiagnosticStratum;

  /** Place in the stratum's sequence, from 0. */
  @Column({ type: 'int' })
  sequenceNumber: number;

  @Column({ type: 'int' })
  blockIndex: number;

  @Column({ type: 'int' })
  blockSize: number;

  @Column({ type: 'text' })
  arm: AllocationArm;

  @Column({ type: 'uuid' })
  allocatedById: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  allocatedAt: Date;
}
