import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';

/**
 * A group supervision session of a site's peer worker team (handbook 11.1). Deliberately has no column
 * for a service user or an episode: the group record never carries case notes about identifiable people
 * (free text is also screened on the way in; see identifying-details.ts).
 */
@Entity('group_supervision_sessions')
@Index(['siteId', 'heldOn'])
export class GroupSupervisionSession extends BaseRecord {
  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'date' })
  heldOn: string;

  /** users.id of who facilitated: the coordinator, or the deputy while the coordinator is away. */
  @Column({ type: 'uuid' })
  facilitatorUserId: string;

  /** Themes discussed, e.g. "boundaries", "endings", "self-care after a difficult visit". */
  @Column({ type: 'text', array: true })
  themes: string[];

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'uuid' })
  recordedById: string;
}
