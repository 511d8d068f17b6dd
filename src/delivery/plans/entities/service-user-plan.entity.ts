import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { EditableRecord } from '../../../database/base.entity';
import { SupportEpisode } from '../../../episodes/entities/support-episode.entity';
import type { PlanKind, PlanSection } from '../plan-kinds';

/**
 * One service-user-owned plan of an episode: its current content (copied from the latest version) and
 * whether the service user agreed to share it with the ward and community team. `version` is both the
 * ETag and the number of the latest row in service_user_plan_versions.
 */
@Entity('service_user_plans')
@Index(['episodeId', 'kind'], { unique: true })
export class ServiceUserPlan extends EditableRecord {
  @Column({ type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => SupportEpisode, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'episode_id' })
  episode?: SupportEpisode;

  @Column({ type: 'uuid' })
  siteId: string;

  /** The owner of the plan: always the episode's service user. */
  @Column({ type: 'uuid' })
  ownerServiceUserId: string;

  @Column({ type: 'text' })
  kind: PlanKind;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  sections: PlanSection[];

  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'boolean', default: false })
  sharedWithCareTeam: boolean;
}
