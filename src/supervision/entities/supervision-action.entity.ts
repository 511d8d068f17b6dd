import { Check, Column, Entity, Index } from 'typeorm';
import { EditableRecord } from '../../database/base.entity';

export const ACTION_OWNERS = ['peer_worker', 'supervisor', 'other'] as const;
export type ActionOwner = (typeof ACTION_OWNERS)[number];

export const ACTION_STATUSES = ['open', 'done', 'carried_forward', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/**
 * An action agreed in individual supervision, with an owner and a due date. A later session follows it up:
 * done, dropped, or carried forward (a new action in that session, linked back by `carriedForwardFromId`).
 */
@Entity('supervision_actions')
@Index(['peerWorkerId', 'status'])
@Check('ck_supervision_actions_status', `status IN ('open','done','carried_forward','dropped')`)
@Check('ck_supervision_actions_owner', `owner IN ('peer_worker','supervisor','other')`)
export class SupervisionAction extends EditableRecord {
  @Column({ type: 'uuid' })
  sessionId: string;

  @Column({ type: 'uuid' })
  peerWorkerId: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text' })
  owner: ActionOwner;

  /** Who, when the owner is someone other than the peer worker or supervisor. */
  @Column({ type: 'text', nullable: true })
  ownerName: string | null;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'text', default: 'open' })
  status: ActionStatus;

  @Column({ type: 'uuid', nullable: true })
  carriedForwardFromId: string | null;

  /** The session that followed it up, and what was said. */
  @Column({ type: 'uuid', nullable: true })
  followedUpInSessionId: string | null;

  @Column({ type: 'text', nullable: true })
  followUpNote: string | null;
}
