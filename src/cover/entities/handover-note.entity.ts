import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { CoverArrangement } from './cover-arrangement.entity';

export const HANDOVER_DIRECTIONS = ['handover', 'hand_back'] as const;
/** `handover`: to the covering peer worker before cover; `hand_back`: back to the regular peer worker on return. */
export type HandoverDirection = (typeof HANDOVER_DIRECTIONS)[number];

/**
 * A handover (or hand-back) for one episode under one cover arrangement (handbook 11.4, 13.6): risk and
 * safety first, then the current situation, what is coming up and what the service user wants. The
 * addressee acknowledges it; the covering peer worker must before their first covered meeting. Sensitive:
 * returned only to its author, its addressee and the site's coordinators, every read audited.
 */
@Entity('handover_notes')
@Index('uq_handover_notes_one_per_direction', ['arrangementId', 'direction'], { unique: true })
@Index(['toPeerWorkerId', 'acknowledgedAt'])
@Check('ck_handover_notes_direction', `direction IN ('handover','hand_back')`)
export class HandoverNote extends BaseRecord {
  @Column({ type: 'uuid' })
  arrangementId: string;

  @ManyToOne(() => CoverArrangement, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'arrangement_id' })
  arrangement?: CoverArrangement;

  @Column({ type: 'uuid' })
  absenceId: string;

  @Column({ type: 'uuid' })
  episodeId: string;

  @Column({ type: 'uuid' })
  serviceUserId: string;

  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'text' })
  direction: HandoverDirection;

  /** Who it is for: the covering peer worker (handover) or the regular one (hand-back). */
  @Column({ type: 'uuid' })
  toPeerWorkerId: string;

  @Column({ type: 'uuid' })
  authorId: string;

  /** Risk and safety items: first, and required ("none known" is an answer). */
  @Column({ type: 'text' })
  riskAndSafety: string;

  @Column({ type: 'text', nullable: true })
  currentSituation: string | null;

  /** Planned contacts, appointments and anything due during the cover. */
  @Column({ type: 'text', nullable: true })
  comingUp: string | null;

  /** What the service user wants the covering peer worker to know, in their words where possible. */
  @Column({ type: 'text', nullable: true })
  serviceUserWishes: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedById: string | null;
}
