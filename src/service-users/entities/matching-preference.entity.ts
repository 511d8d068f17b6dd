import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import type { PreferenceKind, PreferenceWeight } from '../service-user-vocabulary';
import { ServiceUser } from './service-user.entity';

/**
 * One thing a service user asks for (or does not want) in a peer worker, said at the preference
 * meeting. The set is replaced as a whole when the meeting is held again.
 */
@Entity('matching_preferences')
@Index(['serviceUserId'])
export class MatchingPreference extends BaseRecord {
  @Column({ type: 'uuid' })
  serviceUserId: string;

  @ManyToOne(() => ServiceUser, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_user_id' })
  serviceUser?: ServiceUser;

  @Column({ type: 'text' })
  kind: PreferenceKind;

  /**
   * The value asked for: a gender, "25-40" for an age range, a language, an ethnic category code or
   * culture, a free tag for a shared experience ("parent", "LGBTQ+"), or what they do not want.
   */
  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'text' })
  weight: PreferenceWeight;

  /** The order they were said in, kept for display. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'uuid' })
  recordedById: string;
}
