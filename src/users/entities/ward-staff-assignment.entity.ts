import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { Ward } from '../../sites/entities/ward.entity';
import { User } from './user.entity';

/**
 * Which wards a ward-staff user works on: their record-level scope (they see the service users on
 * these wards). A table rather than an array on the user, so a ward's staff list is one indexed query
 * and a ward cannot be deleted from under its staff.
 */
@Entity('ward_staff_assignments')
@Index(['userId', 'wardId'], { unique: true })
@Index(['wardId'])
export class WardStaffAssignment extends BaseRecord {
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'uuid' })
  wardId: string;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Ward;
}
