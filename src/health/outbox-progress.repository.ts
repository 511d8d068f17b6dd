import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GenerateSql } from '../database/sql/generate-sql.decorator';

/** How far behind the outbox relay is, for /health/ready. */
@Injectable()
export class OutboxProgressRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Unsent rows and the age of the oldest (served by the partial index on unsent rows). */
  @GenerateSql()
  async unsent(): Promise<{ unsent: number; oldestUnsentMs: number }> {
    const [row]: { oldest_ms: number | null; unsent: number }[] = await this.dataSource.query(
      `SELECT (extract(epoch FROM now() - min(created_at)) * 1000)::float8 AS oldest_ms, count(*)::int AS unsent FROM outbox_events WHERE sent_at IS NULL`,
    );
    return { unsent: row?.unsent ?? 0, oldestUnsentMs: row?.oldest_ms == null ? 0 : Math.round(row.oldest_ms) };
  }
}
