import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { IdempotencyKey } from './idempotency-key.entity';

export interface NewIdempotencyKey {
  owner: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  retentionHours: number;
}

/** A stored key with whether it is past its retention, and whether its first request looks abandoned. */
export interface StoredIdempotencyKey {
  row: IdempotencyKey;
  expired: boolean;
  abandoned: boolean;
}

const EXAMPLE: NewIdempotencyKey = {
  owner: DummyValue.UUID,
  key: 'b7c1e2d4-5f60-4a1b-9c2d-3e4f5a6b7c8d',
  method: 'POST',
  path: '/api/v1/support-episodes',
  requestHash: 'sha256:example',
  retentionHours: 24,
};

/** The idempotency_keys table. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Claim the key: of two concurrent requests exactly one inserts (ON CONFLICT DO NOTHING); null when taken. */
  @GenerateSql({ params: [EXAMPLE] })
  async insertInFlight(k: NewIdempotencyKey): Promise<string | null> {
    const inserted: { id: string }[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (owner, key, method, path, request_hash, state, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'in_flight', now() + make_interval(hours => $6))
       ON CONFLICT (owner, key) DO NOTHING RETURNING id`,
      [k.owner, k.key, k.method, k.path, k.requestHash, k.retentionHours],
    );
    return inserted[0]?.id ?? null;
  }

  /** The owner's key, if stored, with its expiry and abandonment read from the database clock. */
  @GenerateSql({ params: [DummyValue.UUID, 'b7c1e2d4-5f60-4a1b-9c2d-3e4f5a6b7c8d', 30] })
  async find(owner: string, key: string, abandonedAfterSeconds: number): Promise<StoredIdempotencyKey | null> {
    const existing = await this.dataSource
      .getRepository(IdempotencyKey)
      .createQueryBuilder('k')
      .addSelect('k.expiresAt <= now()', 'k_expired')
      .addSelect(
        `k.state = 'in_flight' AND k.createdAt <= now() - make_interval(secs => :abandonedAfter)`,
        'k_abandoned',
      )
      .where('k.owner = :owner AND k.key = :key', { owner, key, abandonedAfter: abandonedAfterSeconds })
      .getRawAndEntities();
    const row = existing.entities[0];
    if (!row) return null;
    const flags = existing.raw[0] as { k_expired: boolean; k_abandoned: boolean } | undefined;
    return { row, expired: flags?.k_expired === true, abandoned: flags?.k_abandoned === true };
  }

  /** Free a key that is past its retention or still in flight (abandoned). */
  @GenerateSql({ params: [DummyValue.UUID] })
  async deleteFree(id: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE id = $1 AND (expires_at <= now() OR state = 'in_flight')`,
      [id],
    );
  }

  @GenerateSql({ params: [DummyValue.UUID, 201, { id: DummyValue.UUID2 }, null] })
  async complete(id: string, status: number, body: unknown, text: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'completed', response_status = $2, response_body = $3::jsonb, response_text = $4 WHERE id = $1`,
      [id, status, JSON.stringify(body === undefined ? null : body), text],
    );
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async deleteInFlight(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE id = $1 AND state = 'in_flight'`, [id]);
  }

  @GenerateSql({ params: [] })
  async purgeExpired(): Promise<number> {
    const result = await this.dataSource.query<unknown>(`DELETE FROM idempotency_keys WHERE expires_at <= now()`);
    return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
  }
}
