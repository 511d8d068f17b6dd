import { Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../../database/base.entity';

/** The Peer Worker Coordinator of a site, and the named deputy who supervises when they are away (handbook 11). */
@Entity('site_coordinators')
export class SiteCoordinator extends EditableRecord {
  @Index({ unique: true })
  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'uuid' })
  coordinatorUserId: string;

  @Column({ type: 'uuid', nullable: true })
  deputyUserId: string | null;
}
