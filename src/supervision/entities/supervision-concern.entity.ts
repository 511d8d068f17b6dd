import { Check, Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../database/base.entity';

export const CONCERN_CATEGORIES = ['risk', 'safety', 'handover'] as const;
export type ConcernCategory = (typeof CONCERN_CATEGORIES)[number];

/**
 * A risk, safety or handover item raised in supervision (handbook 11.4): it waits in the coordinator's
 * queue until resolved. Only an item from individual supervision may name an episode; the check
 * constraint keeps group items free of any link to a service user.
 */
@Entity('supervision_concerns')
@Index(['siteId', 'state'])
@Check('ck_supervision_concerns_category', `category IN ('risk','safety','handover')`)
@Check('ck_supervision_concerns_state', `state IN ('open','resolved')`)
@Check(
  'ck_supervision_concerns_group_unlinked',
  `(raised_in = 'individual' AND individual_session_id IS NOT NULL AND group_session_id IS NULL) OR (raised_in = 'group' AND group_session_id IS NOT NULL AND individual_session_id IS NULL AND episode_id IS NULL AND service_user_id IS NULL AND peer_worker_id IS NULL)`,
)
export class SupervisionConcern extends EditableRecord {
  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'text' })
  raisedIn: 'group' | 'individual';

  @Column({ type: 'uuid', nullable: true })
  groupSessionId: string | null;

  @Column({ type: 'uuid', nullable: true })
  individualSessionId: string | null;

  /** The supervised peer worker (individual supervision). */
  @Column({ type: 'uuid', nullable: true })
  peerWorkerId: string | null;

  @Column({ type: 'uuid', nullable: true })
  episodeId: string | null;

  /** The episode's service user, kept so reads of the queue are audited against the person. */
  @Column({ type: 'uuid', nullable: true })
  serviceUserId: string | null;

  @Column({ type: 'text' })
  category: ConcernCategory;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'text', default: 'open' })
  state: 'open' | 'resolved';

  @Column({ type: 'uuid' })
  raisedById: string;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedById: string | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;
}
