import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TransitionRecord } from '../../common/state-machine/state-machine';
import { SupportEpisode } from './support-episode.entity';

/** Every move of a support episode: who, when, why, from and to. Append-only (trigger in the migration). */
@Entity('support_episode_transitions')
@Index(['episodeId', 'occurredAt'])
export class SupportEpisodeTransition extends TransitionRecord {
  @Column({ type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => SupportEpisode, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'episode_id' })
  episode?: SupportEpisode;
}
