import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';

/** The relayed outbox events reminders are rebuilt from, oldest first, keyset-paginated. */
@Injectable()
export class ReminderRebuildRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @GenerateSql({ params: [['episode.discharged'], 400, { createdAt: DummyValue.DATE, id: DummyValue.UUID }, 500] })
  relayedEvents(
    types: string[],
    lookbackDays: number,
    after: { createdAt: Date; id: string } | null,
    limit: number,
  ): Promise<{ id: string; created_at: Date }[]> {
    // Only relayed rows: unsent ones are planned by the relay as usual.
    return this.dataSource.query(
      `SELECT id, created_at FROM outbox_events
       WHERE sent_at IS NOT NULL AND type = ANY($1) AND created_at >= now() - make_interval(days => $2)
         AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
       ORDER BY created_at, id LIMIT $5`,
      [types, lookbackDays, after?.createdAt ?? null, after?.id ?? null, limit],
    );
  }
}
