import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ConflictError, UnprocessableError } from '../common/errors/domain-errors';
import type { Environment } from '../config/environment';
import { IdempotencyRepository } from './idempotency.repository';

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
 * Idempotency keys: a key is claimed with INSERT … ON CONFLICT DO NOTHING, so of two concurrent requests exactly
 * one wins; the other sees the row and is answered from it.
 */
@Injectable()
export class IdempotencyStore {
  constructor(
    private readonly repository: IdempotencyRepository,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  get retentionHours(): number {
    return this.config.get('IDEMPOTENCY_KEY_RETENTION_HOURS', { infer: true });
  }

  async claim(request: IdempotentRequest): Promise<Claim> {
    // Two rounds at most: the second only after deleting an expired row for the same key.
    for (let round = 0; round < 2; round++) {
      const id = await this.repository.insertInFlight({ ...request, retentionHours: this.retentionHours });
      if (id) return { kind: 'claimed', id };

      const abandonedAfter = this.config.get('IDEMPOTENCY_ABANDONED_AFTER_SECONDS', { infer: true });
      const stored = await this.repository.find(request.owner, request.key, abandonedAfter);
      if (!stored) continue; // deleted between our insert and select: try again
      const { row, expired } = stored;
      // Claimed by a process that died before answering: the same request retried takes the key over.
      const abandoned = stored.abandoned && row.requestHash === request.requestHash;
      if (expired || abandoned) {
        // Past its retention, or abandoned: the key is free again.
        await this.repository.deleteFree(row.id);
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
  complete(id: string, status: number, body: unknown, text: string | null = null): Promise<void> {
    return this.repository.complete(id, status, body, text);
  }

  /** The request failed (and its transaction rolled back): free the key so the client can retry it. */
  release(id: string): Promise<void> {
    return this.repository.deleteInFlight(id);
  }

  /** Housekeeping: drop keys past their retention. */
  purgeExpired(): Promise<number> {
    return this.repository.purgeExpired();
  }
}
