import { Check, Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../database/base.entity';

/**
 * Why an open episode waits on the coordinator: nobody else is responsible for it until this is resolved
 * (handbook 12, 15: nobody is left without contact).
 */
export const ATTENTION_KINDS = [
  'peer_worker_left',
  'discharged_before_ward_meeting',
  'urgent_pairing',
  'absence_without_cover',
] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/**
 * An episode on the coordinator's attention queue: opened by the move that left it without a
 * responsible peer worker (a leaver, an uncovered absence, a discharge before pairing), resolved by
 * the coordinator or by the move that mends it (a re-pairing, a cover plan). One open item per episode and kind.
 */
@Entity('attention_items')
@Index('ix_attention_items_site_state', ['siteId', 'state'])
@Index('uq_attention_items_one_open_per_episode_kind', ['episodeId', 'kind'], { unique: true, where: "state = 'open'" })
@Check('ck_attention_items_state', `state IN ('open','resolved')`)
@Check(
  'ck_attention_items_kind',
  `kind IN ('peer_worker_left','discharged_before_ward_meeting','urgent_pairing','absence_without_cover')`,
)
export class AttentionItem extends EditableRecord {
  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'uuid' })
  episodeId: string;

  @Column({ type: 'uuid' })
  serviceUserId: string;

  @Column({ type: 'text' })
  kind: AttentionKind;

  /** What happened, in the handbook's words. */
  @Column({ type: 'text' })
  summary: string;

  /** Facts the coordinator needs (e.g. the discharge date, the peer worker who left). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  @Column({ type: 'text', default: 'open' })
  state: 'open' | 'resolved';

  @Column({ type: 'uuid', nullable: true })
  openedById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedById: string | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;
}
