import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { BaseRecord } from '../../database/base.entity';

/**
 * A refresh token, stored as its SHA-256 only. Rotated on every use; presenting a token that was
 * already rotated revokes the whole family (it was probably stolen).
 */
@Entity('refresh_tokens')
export class RefreshToken extends BaseRecord {
  @Index()
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index({ unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  /** All tokens rotated from one sign-in share a family. */
  @Index()
  @Column({ type: 'uuid' })
  familyId: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
