import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { EditableRecord } from '../../../database/base.entity';
import { SupportEpisode } from '../../../episodes/entities/support-episode.entity';
import type { Attendee } from '../../../common/vocabulary/meeting-vocabulary';

/**
 * The formal discharge / care planning meeting the ward team records (handbook 13). The peer worker joins
 * only when the service user invites them. The community team's follow-up is recorded for the 72-hour
 * standard; it is not the peer worker's first community meeting, which comes in addition.
 */
@Entity('discharge_meetings')
@Index(['episodeId', 'heldOn'])
export class DischargeMeeting extends EditableRecord {
  @Column({ type: 'uuid' })
  episodeId: string;

  @ManyToOne(() => SupportEpisode, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'episode_id' })
  episode?: SupportEpisode;

  @Column({ type: 'uuid' })
  siteId: string;

  @Column({ type: 'uuid' })
  serviceUserId: string;

  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attendees: Attendee[];

  @Column({ type: 'boolean' })
  serviceUserInvitedPeerWorker: boolean;

  @Column({ type: 'boolean' })
  peerWorkerAttended: boolean;

  @Column({ type: 'date', nullable: true })
  plannedDischargeOn: string | null;

  @Column({ type: 'boolean' })
  communityFollowUpArranged: boolean;

  @Column({ type: 'date', nullable: true })
  communityFollowUpOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  communityTeamId: string | null;

  @Column({ type: 'uuid' })
  recordedById: string;
}
