import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';
import type { ModuleKind, ModuleSource } from '../training-catalogue';

/** A module of the training programme: programme-wide (siteId null) or a site's local module. */
@Entity('training_modules')
// Unique per site on (coalesce(site_id, nil uuid), code): an expression index made in the migration.
@Index('uq_training_modules_code', { synchronize: false })
export class TrainingModule extends BaseRecord {
  @Column({ type: 'uuid', nullable: true })
  siteId: string | null;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  kind: ModuleKind;

  @Column({ type: 'text' })
  source: ModuleSource;
}
