import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { EditableRecord } from '../../database/base.entity';
import { Site } from './site.entity';

/** An inpatient ward of a site. Ward staff are scoped to the wards they work on. */
@Entity('wards')
@Index(['siteId', 'name'], { unique: true })
export class Ward extends EditableRecord {
  @Column({ type: 'uuid' })
  siteId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
