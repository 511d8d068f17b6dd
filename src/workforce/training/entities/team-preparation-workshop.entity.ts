import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';

/** A preparation workshop for a ward or community team, co-delivered by a local peer worker (handbook 10). */
@Entity('team_preparation_workshops')
@Index(['siteId'])
export class TeamPreparationWorkshop extends BaseRecord {
  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'uuid', nullable: true })
  wardId: string | null;

  @Column({ type: 'uuid', nullable: true })
  communityTeamId: string | null;

  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'uuid' })
  coDeliveredByPeerWorkerId: string;

  @Column({ type: 'boolean' })
  managersAttended: boolean;

  /** The assets the team named that peer workers bring. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  assetsNamed: string[];
}
