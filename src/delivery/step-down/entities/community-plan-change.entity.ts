import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const COMMUNITY_PLAN_CHANGE_KINDS = [
  'generated',
  'suspended',
  'resumed',
  'restarted',
  'extended',
  'ending_brought_forward',
  'cancelled',
  'owner_reassigned',
  'paused_for_absence',
] as const;
export type CommunityPlanChangeKind = (typeof COMMUNITY_PLAN_CHANGE_KINDS)[number];

/**
 * Every change to an episode's community plan, with who, when and why: the fidelity record of
 * "step-down followed". Append-only (trigger in the migration).
 */
@Entity('community_plan_changes')
@Index(['episodeId', 'occurredAt'])
export class CommunityPlanChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  episodeId: string;

  @Column({ type: 'text' })
  kind: CommunityPlanChangeKind;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** The contacts the change touched (created, suspended, re-dated, cancelled …). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  contactIds: string[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  @Column({ type: 'uuid' })
  actorId: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  occurredAt: Date;
}
