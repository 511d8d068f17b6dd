import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import type { ConsentKind } from '../service-user-vocabulary';
import { ServiceUser } from './service-user.entity';

/**
 * One consent given by a service user, kept after withdrawal (withdrawal is recorded on it, not by
 * deleting it) so the history of what they agreed to, when and on which information sheet survives.
 */
@Entity('consent_records')
@Index(['serviceUserId', 'kind'])
export class ConsentRecord extends BaseRecord {
  @Column({ type: 'uuid' })
  serviceUserId: string;

  @ManyToOne(() => ServiceUser, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_user_id' })
  serviceUser?: ServiceUser;

  @Column({ type: 'text' })
  kind: ConsentKind;

  @Column({ type: 'date' })
  givenOn: string;

  @Column({ type: 'text' })
  informationSheetVersion: string;

  @Column({ type: 'uuid' })
  recordedById: string;

  @Column({ type: 'date', nullable: true })
  withdrawnOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  withdrawalRecordedById: string | null;
}
