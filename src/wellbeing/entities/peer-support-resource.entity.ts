import { Check, Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../database/base.entity';

export const PEER_SUPPORT_RESOURCE_KINDS = [
  'peer_support_group',
  'peer_buddy',
  'reflective_practice',
  'employee_assistance',
  'other',
] as const;
export type PeerSupportResourceKind = (typeof PEER_SUPPORT_RESOURCE_KINDS)[number];

/**
 * Access to peer support for peers (handbook 11.5), kept as a site's list of resources: what exists and how
 * to reach it. Deliberately not a record of who used what, or why: it is not a clinical record.
 */
@Entity('peer_support_resources')
@Index(['siteId', 'name'], { unique: true })
@Check(
  'ck_peer_support_resources_kind',
  `kind IN ('peer_support_group','peer_buddy','reflective_practice','employee_assistance','other')`,
)
export class PeerSupportResource extends EditableRecord {
  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: PeerSupportResourceKind;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** How to reach it: a phone number, a meeting time and place, a self-referral link. */
  @Column({ type: 'text' })
  howToAccess: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
