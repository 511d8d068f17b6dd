import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { EditableRecord } from '../../../database/base.entity';
import { SupportEpisode } from '../../../episodes/entities/support-episode.entity';
import type { ContactPhase } from '../community-plan';

export const PLANNED_CONTACT_STATUSES = ['planned', 'held', 'missed', 'suspended', 'cancelled'] as const;
export type PlannedContactStatus = (typeof PLANNED_CONTACT_STATUSES)[number];

/**
 * One contact of a support episode's community plan (intensive period, step-down, ending session),
 * generated at discharge from the site's template. A meeting (delivery area) fulfils it via `meetingId`.
 */
@Entity('planned_contacts')
@Index('uq_planned_contacts_episode_sequence', ['episodeId', 'sequence'], { unique: true })
@Index(['ownerPeerWorkerId', 'status', 'dueOn'])
@Check('ck_planned_contacts_status', `status IN ('planned','held','missed','suspended','cancelled')`)
@Check('ck_planned_contacts_phase', `phase IN ('intensive','step_down','ending')`)
@Check('ck_planned_contacts_window', `window_starts_on <= window_ends_on`)
export class PlannedContact extends EditableRecord {
  @Column({ type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => SupportEpisode, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'episode_id' })
  episode?: SupportEpisode;

  /** 1-based order within the episode's plan; strictly increasing due dates follow it. */
  @Column({ type: 'int' })
  sequence: number;

  @Column({ type: 'text' })
  phase: ContactPhase;

  /** Nominal day counted from the plan's start (day 0), and the window's length: kept to re-date after a readmission. */
  @Column({ type: 'int' })
  offsetDays: number;

  @Column({ type: 'int' })
  windowDays: number;

  /** Calendar date in Europe/London: a working day of the owner, never a bank holiday of England and Wales. */
  @Column({ type: 'date' })
  dueOn: string;

  /** The window the contact is met in (contact-windows.ts): a meeting outside it does not fulfil it; closed unmet, it is missed. */
  @Column({ type: 'date' })
  windowStartsOn: string;

  @Column({ type: 'date' })
  windowEndsOn: string;

  /**
   * The peer worker responsible: the episode's peer worker at generation; absence cover reassigns it.
   * No foreign key: cover may hand a contact to a reserve peer worker of another team, and the owner is history.
   */
  @Column({ type: 'uuid', nullable: true })
  ownerPeerWorkerId: string | null;

  @Column({ type: 'text', default: 'planned' })
  status: PlannedContactStatus;

  /** Why it was suspended or cancelled (readmission, plan restarted, episode ended …). */
  @Column({ type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  outcomeRecordedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  outcomeRecordedAt: Date | null;

  /** The meeting that fulfilled it (a held meeting of the delivery area), when known. */
  @Column({ type: 'uuid', nullable: true })
  meetingId: string | null;
}
