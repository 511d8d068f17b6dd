import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'success' | 'denied' | 'failed';

/**
 * Append-only record of every read and write of personal data. The database refuses UPDATE,
 * DELETE and TRUNCATE on this table (trigger in the migration), so not even the app can rewrite it.
 */
@Entity('audit_events')
@Index(['actorId', 'occurredAt'])
@Index(['serviceUserId', 'occurredAt'])
@Index(['occurredAt'])
export class AuditEvent {
  /** Monotonic, so a page of audit events has a stable order even within one millisecond. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  actorKind: string;

  /** The roles the actor held when acting, comma-separated. */
  @Column({ type: 'text' })
  actorRoles: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  resourceType: string;

  @Column({ type: 'text', nullable: true })
  resourceId: string | null;

  @Column({ type: 'uuid', nullable: true })
  serviceUserId: string | null;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  @Column({ type: 'text' })
  outcome: AuditOutcome;

  /** Identifiers and counts only, never names, NHS numbers or notes. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: object;
}
