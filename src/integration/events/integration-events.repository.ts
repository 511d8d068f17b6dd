import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';

/** A row of `integration_events` (append-only): one published CloudEvent. */
export interface IntegrationEventRow {
  id: string;
  /** bigint as text: the insert order. */
  position: string;
  /** bigint as text: the writing transaction's id. */
  tx: string;
  type: string;
  source: string;
  subject: string;
  siteId: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

export interface NewIntegrationEvent {
  id: string;
  type: string;
  source: string;
  subject: string;
  siteId: string;
  occurredAt: Date;
  data: Record<string, unknown>;
  outboxEventId: string;
}

export interface ReplayFilter {
  /** Resume after this (tx, position); null: from the start. */
  after: { tx: string; position: string } | null;
  /** Only these sites; null: every site (admins). */
  siteIds: string[] | null;
  /** LIKE patterns on the type (exact names escaped, `prefix.*` as `prefix.%`); null: every type. */
  typePatterns: string[] | null;
  limit: number;
}

const COLUMNS = `id, position::text AS position, tx::text AS tx, type, source, subject, site_id AS "siteId",
  occurred_at AS "occurredAt", data`;

/** The published stream: written in the emitting transaction, read by the webhook fan-out and the replay. */
@Injectable()
export class IntegrationEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @GenerateSql({
    params: [
      {
        id: DummyValue.UUID,
        type: 'uk.nhs.enrich.episode.discharged',
        source: 'http://localhost:3000/api/v1/sites/00000000-0000-4000-8000-000000000002',
        subject: 'support-episodes/00000000-0000-4000-8000-000000000001',
        siteId: DummyValue.UUID2,
        occurredAt: DummyValue.DATE,
        data: {},
        outboxEventId: DummyValue.UUID2,
      },
    ],
  })
  async insert(event: NewIntegrationEvent, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO integration_events (id, type, source, subject, site_id, occurred_at, data, outbox_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        event.id,
        event.type,
        event.source,
        event.subject,
        event.siteId,
        event.occurredAt,
        JSON.stringify(event.data),
        event.outboxEventId,
      ],
    );
  }

  /** The event an outbox row announced (the webhook fan-out is one job per outbox row). */
  @GenerateSql({ params: [DummyValue.UUID] })
  async findByOutboxEvent(outboxEventId: string): Promise<IntegrationEventRow | null> {
    const [row] = await this.dataSource.query<IntegrationEventRow[]>(
      `SELECT ${COLUMNS} FROM integration_events WHERE outbox_event_id = $1`,
      [outboxEventId],
    );
    return row ?? null;
  }

  /**
   * A page of the stream in (tx, position) order. Only rows of transactions older than the oldest one still
   * running are returned: a transaction that began earlier but commits later would otherwise appear behind
   * a cursor already handed out. Those rows show on a later call, in their place.
   */
  @GenerateSql(
    {
      name: 'from the start, every site and type',
      params: [{ after: null, siteIds: null, typePatterns: null, limit: 50 }],
    },
    {
      name: 'after a cursor, for some sites and types',
      params: [
        {
          after: { tx: '1000', position: '42' },
          siteIds: [DummyValue.UUID],
          typePatterns: ['uk.nhs.enrich.episode.%'],
          limit: 50,
        },
      ],
    },
  )
  async page(filter: ReplayFilter): Promise<IntegrationEventRow[]> {
    return this.dataSource.query<IntegrationEventRow[]>(
      `SELECT ${COLUMNS} FROM integration_events
       WHERE ($1::bigint IS NULL OR (tx, position) > ($1::bigint, $2::bigint))
         AND tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
         AND ($3::uuid[] IS NULL OR site_id = ANY($3::uuid[]))
         AND ($4::text[] IS NULL OR type LIKE ANY($4::text[]))
       ORDER BY tx, position
       LIMIT $5`,
      [filter.after?.tx ?? null, filter.after?.position ?? null, filter.siteIds, filter.typePatterns, filter.limit],
    );
  }
}
