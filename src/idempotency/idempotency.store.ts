import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError, UnprocessableError } from '../common/errors/domain-errors';
import type { Environment } from '../config/environment';
import { IdempotencyKey } from './idempotency-key.entity';

export interface IdempotentRequest {
  owner: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
}

/** Either this request now holds the key (go ahead and write), or an earlier one completed with this response. */
export type Claim =
  { kind: 'claimed'; id: string } | { kind: 'replay'; status: number; body: unknown; text: string | null };

/**
 * The idempotency_keys table. A key is claimed with INSERT … ON CONFLICT DO NOTHING, so of two
 * concurrent requests exactly one wins; the other sees the row and is answered from it.
 */
@Injectable()
export class IdempotencyStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  get retentionHours(): number {
    return this.config.get('IDEMPOTENCY_KEY_RETENTION_HOURS', { infer: true });
  }

  async claim(request: IdempotentRequest): Promise<Claim> {
    // Two rounds at most: the second only after deleting an expired row for the same key.
    for (let round = 0; round < 2; round++) {
      const inserted: { id: string }[] = await this.dataSource.query(
        `INSERT INTO idempotency_keys (owner, key, method, path, request_hash, state, expires_at)
         VALUES ($1, $2, $3, $4, $5, 'in_flight', now() + make_interval(hours => $6))
         ON CONFLICT (owner, key) DO NOTHING RETURNING id`,
        [request.owner, request.key, request.method, request.path, request.requestHash, this.retentionHours],
      );
      if (inserted.length === 1) return { kind: 'claimed', id: inserted[0].id };

      const abandonedAfter = this.config.get('IDEMPOTENCY_ABANDONED_AFTER_SECONDS', { infer: true });
      const existing = await this.dataSource
        .getRepository(IdempotencyKey)
        .createQueryBuilder('k')
        .addSelect('k.expiresAt <= now()', 'k_expired')
        .addSelect(
          `k.state = 'in_flight' AND k.createdAt <= now() - make_interval(secs => :abandonedAfter)`,
          'k_abandoned',
        )
        .where('k.owner = :owner AND k.key = :key', { owner: request.owner, key: request.key, abandonedAfter })
        .getRawAndEntities();
      const row = existing.entities[0];
      if (!row) continue; // deleted between our insert and select: try again
      const flags = existing.raw[0] as { k_expired: boolean; k_abandoned: boolean } | undefined;
      const expired = flags?.k_expired === true;
      // Claimed by a process that died before answering: the same request retried takes the key over.
      const abandoned = flags?.k_abandoned === true && row.requestHash === request.requestHash;
      if (expired || abandoned) {
        // Past its retention, or abandoned: the key is free again.
        await this.dataSource.query(
          `DELETE FROM idempotency_keys WHERE id = $1 AND (expires_at <= now() OR state = 'in_flight')`,
          [row.id],
        );
        continue;
      }
      if (row.requestHash !== request.requestHash) {
        throw new UnprocessableError(
          `Idempotency-Key "${request.key}" was already used for a different request (${row.method} ${row.path} with another body); use a new key for a new request`,
          'Idempotency-Key',
        );
      }
      if (row.state === 'in_flight') {
        throw new ConflictError(
          `A request with Idempotency-Key "${request.key}" is still being processed; retry after it finishes to get its response`,
          'idempotency_key_in_flight',
        );
      }
      return { kind: 'replay', status: row.responseStatus ?? 200, body: row.responseBody, text: row.responseText };
    }
    throw new ConflictError(
      `Idempotency-Key "${request.key}" is being reused concurrently; retry`,
      'idempotency_key_in_flight',
    );
  }

  /** Keep the response, so a retry with the same key gets it back without a second write. */
  async complete(id: string, status: number, body: unknown, text: string | null = null): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'completed', response_status = $2, response_body = $3::jsonb, response_text = $4 WHERE id = $1`,
      [id, status, JSON.stringify(body === undefined ? null : body), text],
    );
  }

  /** The request failed (and its transaction rolled back): free the key so the client can retry it. */
  async release(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE id = $1 AND state = 'in_flight'`, [id]);
  }

  /** Housekeeping: drop keys past their retention. */
  async purgeExpired(): Promise<number> {
    const result = await this.dataSource.query<unknown>(`DELETE FROM idempotency_keys WHERE expires_at <= now()`);
    return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
  }
}
