import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { EditableRecord } from '../../database/base.entity';
import { Site } from './site.entity';

/** A community mental health team of a site: who follows a service user up after discharge. */
@Entity('community_teams')
@Index(['siteId', 'name'], { unique: true })
export class CommunityTeam extends EditableRecord {
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
