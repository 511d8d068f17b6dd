import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../../database/base.entity';
import type { PlanSection } from '../plan-kinds';
import { ServiceUserPlan } from './service-user-plan.entity';

/** Every version of a service-user-owned plan, as saved: who changed what. Append-only (trigger in the migration). */
@Entity('service_user_plan_versions')
@Index(['planId', 'versionNumber'], { unique: true })
export class ServiceUserPlanVersion extends BaseRecord {
  @Column({ type: 'uuid' })
  planId: string;

  @ManyToOne(() => ServiceUserPlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id' })
  plan?: ServiceUserPlan;

  @Column({ type: 'int' })
  versionNumber: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  sections: PlanSection[];

  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'boolean' })
  sharedWithCareTeam: boolean;

  @Column({ type: 'uuid' })
  ownerServiceUserId: string;

  /** The peer worker supporting the service user when this version was saved. */
  @Column({ type: 'uuid', nullable: true })
  supportingPeerWorkerId: string | null;

  @Column({ type: 'uuid' })
  changedById: string;

  /** The role the change was made in (peer_worker, coordinator, admin). */
  @Column({ type: 'text' })
  changedByRole: string;

  /** Which parts changed: sections, text, sharedWithCareTeam. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  changedFields: string[];

  @Column({ type: 'text', nullable: true })
  changeSummary: string | null;
}
