import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { Site } from '../../sites/entities/site.entity';
import type { DiagnosticStratum } from '../../common/vocabulary/diagnosis';

/**
 * The allocation sequence of one (site, diagnostic stratum): its secret seed and how far it has got.
 * Never exposed through the API (concealment); the row lock serialises concurrent allocations.
 */
@Entity('randomisation_strata')
@Index(['siteId', 'stratum'], { unique: true })
export class RandomisationStratum extends BaseRecord {
  @Column({ type: 'uuid' })
  siteId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  @Column({ type: 'text' })
  stratum: DiagnosticStratum;

  /** 256-bit random hex; with the stratum it regenerates the whole sequence for audit. */
  @Column({ type: 'text', select: false })
  seed: string;

  @Column({ type: 'int', default: 0 })
  nextBlockIndex: number;

  @Column({ type: 'int', default: 0 })
  nextOffset: number;

  @Column({ type: 'int', default: 0 })
  allocationsMade: number;
}
