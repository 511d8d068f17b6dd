import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Absence } from '../../absence/entities/absence.entity';
import { BaseRecord } from '../../database/base.entity';
import { SupportEpisode } from '../../episodes/entities/support-episode.entity';

export const COVER_ARRANGEMENTS = ['cover', 'pause', 'repair'] as const;
/**
 * `cover`: a colleague (short-term) or an activated reserve (long-term) covers until the regular peer worker
 * returns; `pause`: contact pauses, the service user informed (short-term only); `repair`: the episode is
 * re-paired permanently (long-term only).
 */
export type CoverArrangementKind = (typeof COVER_ARRANGEMENTS)[number];
export type CoverArrangementState = 'active' | 'ended';

/**
 * How one support episode is looked after while its peer worker is absent: one row per episode per
 * absence, confirmed by the coordinator as part of the absence's cover plan, ended (never deleted) when
 * the absence ends or is cancelled.
 */
@Entity('cover_arrangements')
@Index('uq_cover_arrangements_one_active_per_episode_absence', ['absenceId', 'episodeId'], {
  unique: true,
  where: "state = 'active'",
})
@Index(['coveringPeerWorkerId', 'episodeId'])
@Index(['episodeId'])
@Check('ck_cover_arrangements_kind', `arrangement IN ('cover','pause','repair')`)
@Check('ck_cover_arrangements_state', `state IN ('active','ended')`)
@Check('ck_cover_arrangements_covering', `(arrangement = 'pause') = (covering_peer_worker_id IS NULL)`)
@Check('ck_cover_arrangements_pause_informed', `arrangement <> 'pause' OR service_user_informed`)
export class CoverArrangement extends BaseRecord {
  @Column({ type: 'uuid' })
  absenceId: string;

  @ManyToOne(() => Absence, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'absence_id' })
  absence?: Absence;

  @Column({ type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => SupportEpisode, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'episode_id' })
  episode?: SupportEpisode;

  @Column({ type: 'uuid' })
  siteId: string;

  /** The regular peer worker who is away. */
  @Column({ type: 'uuid' })
  absentPeerWorkerId: string;

  @Column({ type: 'text' })
  arrangement: CoverArrangementKind;

  /** Who looks after the episode (null for a pause). */
  @Column({ type: 'uuid', nullable: true })
  coveringPeerWorkerId: string | null;

  /** The pairing row made for it: the cover pairing, or the new primary pairing of a re-pairing. */
  @Column({ type: 'uuid', nullable: true })
  pairingId: string | null;

  /** A reserve peer worker activated (reserve → active) to take this on. */
  @Column({ type: 'boolean', default: false })
  reserveActivated: boolean;

  /** Whether the service user has been told (required for a pause). */
  @Column({ type: 'boolean', default: false })
  serviceUserInformed: boolean;

  /** The absence's short/long-term classification when confirmed. */
  @Column({ type: 'text' })
  termAtConfirmation: 'short_term' | 'long_term';

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** First day of the arrangement (the absence's first day). */
  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'text' })
  state: CoverArrangementState;

  @Column({ type: 'uuid' })
  confirmedById: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  endedById: string | null;

  @Column({ type: 'text', nullable: true })
  endReason: string | null;
}
