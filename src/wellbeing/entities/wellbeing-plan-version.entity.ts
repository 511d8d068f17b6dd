import { Column, Entity, Index } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';

export interface WellbeingContact {
  name: string;
  relationship: string;
  phone: string | null;
  /** When to contact them, in the peer worker's words. */
  when: string | null;
}

/**
 * One version of a peer worker's wellbeing plan (handbook 11.6). Append-only: a change is a new version,
 * so what was agreed when is kept. Seen only by the peer worker and their coordinator/deputy.
 */
@Entity('wellbeing_plan_versions')
@Index(['peerWorkerId', 'version'], { unique: true })
export class WellbeingPlanVersion extends BaseRecord {
  @Column({ type: 'uuid' })
  peerWorkerId: string;

  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'text' })
  whatKeepsMeWell: string;

  @Column({ type: 'text' })
  earlySigns: string;

  @Column({ type: 'text' })
  whatHelps: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  whoToContact: WellbeingContact[];

  /** Peer support for peers the worker chooses to use (site resources; a resource list, not a clinical record). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  peerSupportResourceIds: string[];

  @Column({ type: 'uuid' })
  writtenById: string;
}
