import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';
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
}
