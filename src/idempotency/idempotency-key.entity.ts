import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type IdempotencyKeyState = 'in_flight' | 'completed';

/**
 * One Idempotency-Key a client sent with a POST, and the response it got. Unique per owner (the user
 * or integration client), so two clients never collide on a key. Purged by housekeeping after expiry.
 */
@Entity('idempotency_keys')
@Index('uq_idempotency_keys_owner_key', ['owner', 'key'], { unique: true })
@Index(['expiresAt'])
export class IdempotencyKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `user:<id>` or `client:<id>`: whose key this is. */
  @Column({ type: 'text' })
  owner: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  method: string;

  /** The request path (with query string) the key was first used on. */
  @Column({ type: 'text' })
  path: string;

  /** SHA-256 of the RFC 8785 canonical JSON of method, path and body. */
  @Column({ type: 'text' })
  requestHash: string;

  @Column({ type: 'text' })
  state: IdempotencyKeyState;

  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody: unknown;

  /** The response body exactly as sent (jsonb reorders keys and spacing): a replay sends these bytes. */
  @Column({ type: 'text', nullable: true })
  responseText: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
