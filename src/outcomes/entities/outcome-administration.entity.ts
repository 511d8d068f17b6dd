import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import { PeerWorker } from '../../peer-workers/entities/peer-worker.entity';

/**
 * One completed outcome measure: a service user's (for a support episode, at baseline, end of support or
 * follow-up) or a peer worker's own (over their employment). Item scores are stored as given; totals are
 * computed by the server from the instrument catalogue, never taken from the client.
 */
@Entity('outcome_administrations')
@Index('uq_outcome_administrations_episode_once', ['episodeId', 'instrument', 'timepoint'], {
  unique: true,
  where: `episode_id IS NOT NULL AND timepoint IN ('baseline', 'end_of_support')`,
})
@Index(['siteId', 'administeredOn'])
@Index(['peerWorkerId', 'administeredOn'])
@Check(
  'ck_outcome_administrations_subject',
  `(subject = 'service_user' AND episode_id IS NOT NULL AND service_user_id IS NOT NULL AND peer_worker_id IS NULL) OR (subject = 'peer_worker' AND peer_worker_id IS NOT NULL AND episode_id IS NULL AND service_user_id IS NULL)`,
)
export class OutcomeAdministration extends BaseRecord {
  /** The instrument's code in the catalogue (outcome-instruments.ts), e.g. `swemwbs`. */
  @Column({ type: 'text' })
  instrument: string;

  @Column({ type: 'text' })
  subject: 'service_user' | 'peer_worker';

  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'uuid', nullable: true })
  episodeId: string | null;

  @ManyToOne(() => SupportEpisode, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'episode_id' })
  episode?: SupportEpisode;

  @Column({ type: 'uuid', nullable: true })
  serviceUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  peerWorkerId: string | null;

  @ManyToOne(() => PeerWorker, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'peer_worker_id' })
  peerWorker?: PeerWorker;

  /** Service users: baseline, end_of_support, follow_up; peer workers: employment_start, employment_review, employment_end. */
  @Column({ type: 'text' })
  timepoint: string;

  @Column({ type: 'date' })
  administeredOn: string;

  /** As answered, in item order; null for an item left blank. */
  @Column({ type: 'jsonb' })
  itemScores: (number | null)[];

  @Column({ type: 'int' })
  itemsAnswered: number;

  /** The raw total after reversing items (null when the missing-item rule says it cannot be scored). */
  @Column({ type: 'int', nullable: true })
  rawTotal: number | null;

  /** The reported score: the raw total, or its conversion (SWEMWBS metric score). */
  @Column({ type: 'double precision', nullable: true })
  score: number | null;

  @Column({ type: 'text', nullable: true })
  notScoredReason: string | null;

  @Column({ type: 'uuid' })
  recordedById: string;
}
