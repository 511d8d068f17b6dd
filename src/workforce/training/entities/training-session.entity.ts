import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';
import type { DigitalCompetency } from '../../../common/vocabulary/digital-competencies';
import type { Facilitator } from '../training-catalogue';

/** One delivery of a training module at a site, with who facilitated it. */
@Entity('training_sessions')
@Index(['siteId', 'heldOn'])
export class TrainingSession extends BaseRecord {
  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'uuid' })
  moduleId: string;

  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'jsonb' })
  facilitators: Facilitator[];

  /** The facilitators as first recorded, when a free-text experienced peer was relabelled unverified_peer (migration). */
  @Column({ type: 'jsonb', nullable: true })
  facilitatorsLegacy: Record<string, unknown>[] | null;

  /** Digital peer support competencies the session covers (a digital module's session covers its own). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  competencies: DigitalCompetency[];
}
