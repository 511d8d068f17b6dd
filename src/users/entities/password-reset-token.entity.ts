import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { User } from './user.entity';

/**
 * A one-time password reset an admin issued for a user, stored as the SHA-256 of the token only (the token
 * itself is shown once, to the admin who issued it). Redeeming it sets the password and ends every session;
 * it is spent by the first redemption, by its expiry, or by a newer reset issued for the same user.
 */
@Entity('password_reset_tokens')
export class PasswordResetToken extends BaseRecord {
  @Index()
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index({ unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  /** The admin who issued it. */
  @Column({ type: 'uuid' })
  issuedBy: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** Set when redeemed, or when a newer reset for the same user replaced it. */
  @Column({ type: 'timestamptz', nullable: true })
  spentAt: Date | null;

  /** How it was spent: redeemed, or superseded by a newer reset. */
  @Column({ type: 'text', nullable: true })
  spentHow: 'redeemed' | 'superseded' | null;
}
