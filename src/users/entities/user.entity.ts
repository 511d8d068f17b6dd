import { Column, Entity, Index } from 'typeorm';
import { Role } from '../../common/auth/role';
import { EditableRecord } from '../../database/base.entity';

/** A person who signs in: coordinator, peer worker, ward staff or admin. */
@Entity('users')
export class User extends EditableRecord {
  /** Unique case-insensitively: a functional unique index on lower(email), made in the migration. */
  @Index('uq_users_email_lower', { synchronize: false })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  displayName: string;

  /** argon2id hash; never leaves the service. */
  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text', array: true })
  roles: Role[];

  /** Sites the user works on: the scope of everything they see. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  siteIds: string[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Raised by every password change; access tokens carry it, so older ones stop working. */
  @Column({ type: 'integer', default: 1 })
  credentialsVersion: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastSignedInAt: Date | null;
}
