import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import { PeerWorker } from '../../workforce/peer-workers/entities/peer-worker.entity';

export const PAIRING_KINDS = ['primary', 'cover'] as const;
/** `primary`: the episode's own peer worker. `cover`: a colleague or reserve covering an absence (handbook 15). */
export type PairingKind = (typeof PAIRING_KINDS)[number];

/**
 * Who supported a support episode, when: one row per pairing, closed (never deleted) when it ends, so
 * re-pairing keeps the history. At most one current primary per episode (partial unique index);
 * `support_episodes.peer_worker_id` mirrors the current primary, written in the same transaction.
 */
@Entity('pairings')
@Index('uq_pairings_one_current_primary_per_episode', ['episodeId'], {
  unique: true,
  where: "kind = 'primary' AND ended_at IS NULL",
})
@Index(['peerWorkerId', 'endedAt'])
@Index(['episodeId', 'startedAt'])
@Check('ck_pairings_kind', `kind IN ('primary','cover')`)
@Check('ck_pairings_ends_after_start', 'ended_at IS NULL OR ended_at >= started_at')
@Check('ck_pairings_override_has_reason', 'cardinality(overridden_rules) = 0 OR override_reason IS NOT NULL')
export class Pairing extends BaseRecord {
  @Column({ type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => SupportEpisode, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'episode_id' })
  episode?: SupportEpisode;

  @Column({ type: 'uuid' })
  peerWorkerId: string;

  @ManyToOne(() => PeerWorker, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'peer_worker_id' })
  peerWorker?: PeerWorker;

  @Column({ type: 'text' })
  kind: PairingKind;

  @Column({ type: 'timestamptz', precision: 3 })
  startedAt: Date;

  /** Null while current. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  /** Why the pairing was made (a re-pairing must say why). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** Why it ended (e.g. the re-pairing's reason). */
  @Column({ type: 'text', nullable: true })
  endReason: string | null;

  @Column({ type: 'uuid' })
  startedById: string;

  @Column({ type: 'uuid', nullable: true })
  endedById: string | null;

  /** Hard rules the coordinator paired against (e.g. must_preference_unmet, peer_worker_absent); empty when none. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  overriddenRules: string[];

  /** Why the coordinator overrode them (required when any were). */
  @Column({ type: 'text', nullable: true })
  overrideReason: string | null;
}
