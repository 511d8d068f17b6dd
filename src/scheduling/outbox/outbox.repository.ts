import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';

export interface OutboxStatus {
  unsent: number;
  oldest: Date | null;
  attempts: number;
  error: string | null;
}

/** The outbox_events table as the relay and the admins' status see it. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One event row, in the caller's transaction (hand-written: TypeORM's save costs more CPU than the row). */
  @GenerateSql({ params: ['meeting.planned', 'meeting', DummyValue.UUID, { status: 'planned' }, DummyValue.UUID] })
  async insertOne(
    type: string,
    aggregateType: string,
    aggregateId: string,
    payload: Record<string, unknown>,
    actorId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string }> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, actor_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [type, aggregateType, aggregateId, JSON.stringify(payload), actorId],
    );
    return row;
  }

  /** Unsent rows, oldest first, locked for the relay's transaction; rows another relay holds are skipped. */
  @GenerateSql({ params: [500] })
  claimUnsent(
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; type: string }[]> {
    return manager.query(
      `SELECT id, type FROM outbox_events WHERE sent_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  @GenerateSql({ params: [[DummyValue.UUID]] })
  async markRelayed(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `UPDATE outbox_events SET sent_at = now(), relay_attempts = relay_attempts + 1, last_relay_error = NULL WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** An attempt that failed (Redis unreachable …): counted and its error kept on the rows still unsent. */
  @GenerateSql({ params: [[DummyValue.UUID], 'Redis did not accept the jobs within 5000 ms'] })
  async recordFailedAttempt(ids: string[], error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox_events SET relay_attempts = relay_attempts + 1, last_relay_error = $2 WHERE id = ANY($1::uuid[]) AND sent_at IS NULL`,
      [ids, error],
    );
  }

  /** How many rows wait, since when, after how many attempts, and the latest relay error. */
  @GenerateSql({ params: [] })
  async status(): Promise<OutboxStatus> {
    const [row] = await this.dataSource.query<OutboxStatus[]>(
      `SELECT count(*)::int AS unsent, min(created_at) AS oldest, coalesce(max(relay_attempts), 0)::int AS attempts,
              (SELECT last_relay_error FROM outbox_events WHERE sent_at IS NULL AND last_relay_error IS NOT NULL ORDER BY created_at DESC LIMIT 1) AS error
       FROM outbox_events WHERE sent_at IS NULL`,
    );
    return row;
  }
}
