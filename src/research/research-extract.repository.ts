import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { EPISODE_ARM_SQL } from '../reports/episode-arm';
import type { CursorTable } from './extract-tables';

/**
 * Service users whose research consent is in force on $1 (the London date of the extract): their latest
 * research consent given on or before that day has not been withdrawn on or before it. A withdrawal therefore
 * takes the person out of every later extract; their care records stay as they are.
 */
const CONSENTED = `consented AS (
  SELECT latest.service_user_id FROM (
    SELECT DISTINCT ON (c.service_user_id) c.service_user_id, c.withdrawn_on
      FROM consent_records c
     WHERE c.kind = 'research' AND c.given_on <= $1::date
     ORDER BY c.service_user_id, c.given_on DESC, c.created_at DESC) latest
   WHERE latest.withdrawn_on IS NULL OR latest.withdrawn_on > $1::date)`;

const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
const londonDay = (column: string) => day(`(${column} AT TIME ZONE 'Europe/London')::date`);
/** An episode's index discharge: the discharge its first readmission followed, or its recorded discharge. */
const INDEX_DISCHARGE = `coalesce((SELECT min(r.after_discharge_on) FROM readmissions r WHERE r.episode_id = e.id), e.discharged_on)`;

/**
 * The SQL behind each streamed table, by table name. Every query starts from the consented service users, selects
 * no identifying column (no NHS number, name, contact, address, date of birth, free text), and is ordered by
 * service user so one person's rows arrive together. Dates leave as YYYY-MM-DD text, to be shifted or coarsened
 * per person by the service; nothing here is de-identified yet.
 */
const TABLE_SQL: Record<CursorTable, string> = {
  participants: `WITH ${CONSENTED}
    SELECT e.service_user_id AS "serviceUserId", e.id AS "episodeId", s.ods_code AS "siteCode",
           e.allocation_method AS "allocationMethod", ${EPISODE_ARM_SQL} AS arm, e.diagnostic_stratum AS stratum,
           e.primary_diagnosis_group AS "diagnosisGroup", e.state, su.gender, su.ethnicity,
           date_part('year', age(coalesce(i.index_on, e.referred_on), su.date_of_birth))::int AS "ageAtIndex",
           ${day('e.referred_on')} AS "referredOn", ${londonDay('e.allocated_at')} AS "allocatedOn",
           ${day('i.index_on')} AS "indexDischargedOn", ${londonDay('e.ended_at')} AS "endedOn", e.ending_reason AS "endingReason"
      FROM support_episodes e
      JOIN consented c ON c.service_user_id = e.service_user_id
      JOIN service_users su ON su.id = e.service_user_id
      JOIN sites s ON s.id = e.site_id
      CROSS JOIN LATERAL (SELECT ${INDEX_DISCHARGE} AS index_on) i
     ORDER BY e.service_user_id, e.referred_on, e.id`,

  episode_transitions: `WITH ${CONSENTED}
    SELECT e.service_user_id AS "serviceUserId", t.episode_id AS "episodeId",
           row_number() OVER (PARTITION BY t.episode_id ORDER BY t.occurred_at, t.id)::int AS sequence,
           t.from_state AS "fromState", t.to_state AS "toState", ${londonDay('t.occurred_at')} AS "occurredOn"
      FROM support_episode_transitions t
      JOIN support_episodes e ON e.id = t.episode_id
      JOIN consented c ON c.service_user_id = e.service_user_id
     ORDER BY e.service_user_id, t.episode_id, sequence`,

  meetings: `WITH ${CONSENTED}
    SELECT m.service_user_id AS "serviceUserId", m.episode_id AS "episodeId", m.mode, m.setting, m.status,
           m.missed_by AS "missedBy", m.cancelled_by AS "cancelledBy",
           ${londonDay('m.planned_start_at')} AS "plannedOn", m.planned_duration_minutes AS "plannedDurationMinutes",
           ${londonDay('m.actual_start_at')} AS "heldOn",
           round(extract(epoch FROM m.actual_end_at - m.actual_start_at) / 60)::int AS "heldDurationMinutes",
           pc.sequence AS "plannedContactSequence"
      FROM meetings m
      JOIN consented c ON c.service_user_id = m.service_user_id
      LEFT JOIN planned_contacts pc ON pc.id = m.planned_contact_id
     ORDER BY m.service_user_id, m.planned_start_at, m.id`,

  contacts: `WITH ${CONSENTED}
    SELECT e.service_user_id AS "serviceUserId", pc.episode_id AS "episodeId", pc.sequence, pc.phase, pc.status,
           ${day('pc.due_on')} AS "dueOn", ${day('pc.window_starts_on')} AS "windowStartsOn", ${day('pc.window_ends_on')} AS "windowEndsOn",
           ${londonDay('coalesce(m.actual_start_at, m.planned_start_at)')} AS "heldOn"
      FROM planned_contacts pc
      JOIN support_episodes e ON e.id = pc.episode_id
      JOIN consented c ON c.service_user_id = e.service_user_id
      LEFT JOIN meetings m ON m.id = pc.meeting_id AND pc.status = 'held'
     ORDER BY e.service_user_id, pc.episode_id, pc.sequence`,

  outcomes: `WITH ${CONSENTED}
    SELECT o.service_user_id AS "serviceUserId", o.episode_id AS "episodeId", o.instrument, o.timepoint,
           ${day('o.administered_on')} AS "administeredOn", o.items_answered AS "itemsAnswered",
           o.raw_total AS "rawTotal", o.score
      FROM outcome_administrations o
      JOIN consented c ON c.service_user_id = o.service_user_id
     WHERE o.subject = 'service_user'
     ORDER BY o.service_user_id, o.administered_on, o.instrument, o.id`,

  readmissions: `WITH ${CONSENTED},
    indexed AS (
      SELECT e.id, e.service_user_id, ${EPISODE_ARM_SQL} AS arm, ${INDEX_DISCHARGE} AS index_on
        FROM support_episodes e JOIN consented c ON c.service_user_id = e.service_user_id)
    SELECT i.service_user_id AS "serviceUserId", i.id AS "episodeId", i.arm, ${day('i.index_on')} AS "indexDischargedOn",
           ${day('f.first_on')} AS "firstReadmittedOn", (f.first_on - i.index_on)::int AS "daysToFirstReadmission",
           (SELECT count(*) FROM readmissions r WHERE r.episode_id = i.id)::int AS readmissions,
           CASE WHEN i.index_on + 30 < $1::date OR f.first_on - i.index_on <= 30 THEN coalesce(f.first_on - i.index_on <= 30, false) END AS "within30Days",
           CASE WHEN i.index_on + 90 < $1::date OR f.first_on - i.index_on <= 90 THEN coalesce(f.first_on - i.index_on <= 90, false) END AS "within90Days",
           CASE WHEN i.index_on + 365 < $1::date OR f.first_on - i.index_on <= 365 THEN coalesce(f.first_on - i.index_on <= 365, false) END AS "within365Days"
      FROM indexed i
      CROSS JOIN LATERAL (SELECT min(r.readmitted_on) AS first_on FROM readmissions r WHERE r.episode_id = i.id AND r.readmitted_on > i.index_on) f
     WHERE i.index_on IS NOT NULL
     ORDER BY i.service_user_id, i.index_on, i.id`,
};

/** One read of a cursor: the rows, and a promise to wait on before the next read (back-pressure from the reader). */
/**
 * One read of a cursor: the column names and the rows as arrays in that order (pg's array row mode: no object per
 * row, which at a million rows is most of the garbage). The promise is waited on before the next read (back-pressure).
 */
export type BatchHandler = (fields: string[], rows: unknown[][]) => Promise<void>;

export interface ConsentedEpisode {
  serviceUserId: string;
  episodeId: string;
}

/**
 * The research extract's reads. Streamed tables run through a server-side cursor (DECLARE … CURSOR, FETCH) in a read-only
 * REPEATABLE READ transaction on one dedicated connection, so every table of one request sees one snapshot and
 * only `batchSize` rows are in memory at a time; the next batch is fetched only once the reader took the last.
 */
@Injectable()
export class ResearchExtractRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Read one table through a cursor, `batchSize` rows at a time, calling `onBatch` and awaiting it before the next
   * read. With a `manager` (the SQL generator's transaction), its connection is used as it is.
   */
  @GenerateSql(
    ...(
      [
        'participants',
        'episode_transitions',
        'meetings',
        'contacts',
        'outcomes',
        'readmissions',
      ] satisfies CursorTable[]
    ).map((table) => ({ name: table, params: [table, DummyValue.DAY, 1000, () => Promise.resolve(), 60000] })),
  )
  async eachBatch(
    table: CursorTable,
    asOf: string,
    batchSize: number,
    onBatch: BatchHandler,
    timeoutMs: number,
    manager?: EntityManager,
  ): Promise<number> {
    const runner = manager?.queryRunner ?? this.dataSource.createQueryRunner();
    const own = manager?.queryRunner === undefined;
    try {
      if (own) {
        await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        // A reader slower than the default timeouts is not an error (each FETCH waits for it); a stalled one is, after timeoutMs.
        await runner.query(
          `SELECT set_config('statement_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $1, true)`,
          [String(timeoutMs)],
        );
      }
      const client = (await runner.connect()) as PoolClient;
      await runner.query(`DECLARE research_extract NO SCROLL CURSOR FOR ${TABLE_SQL[table]}`, [asOf]);
      let total = 0;
      for (;;) {
        const fetch = `FETCH FORWARD ${Math.trunc(batchSize)} FROM research_extract`;
        // Straight to the connection for the array row mode TypeORM does not offer; logged as TypeORM logs its own.
        this.dataSource.logger.logQuery(fetch, [], runner);
        const result = await client.query<unknown[]>({ text: fetch, rowMode: 'array' });
        if (result.rows.length === 0) break;
        total += result.rows.length;
        await onBatch(
          result.fields.map((f) => f.name),
          result.rows,
        );
      }
      await runner.query('CLOSE research_extract');
      if (own) await runner.query('COMMIT');
      return total;
    } catch (error) {
      if (own) await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      if (own) await runner.release();
    }
  }

  /** The sites with at least one consented service user's episode (the fidelity table is computed site by site). */
  @GenerateSql({ params: [DummyValue.DAY] })
  async consentedSites(asOf: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.query<{ siteId: string }[]>(
      `WITH ${CONSENTED}
       SELECT DISTINCT e.site_id AS "siteId" FROM support_episodes e JOIN consented c ON c.service_user_id = e.service_user_id
        ORDER BY 1`,
      [asOf],
    );
    return rows.map((r) => r.siteId);
  }

  /** A site's episodes of consented service users, with the date its first was referred on (the fidelity period's start). */
  @GenerateSql({ params: [DummyValue.DAY, DummyValue.UUID] })
  consentedEpisodesOfSite(
    asOf: string,
    siteId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ConsentedEpisode[]> {
    return manager.query(
      `WITH ${CONSENTED}
       SELECT e.service_user_id AS "serviceUserId", e.id AS "episodeId"
         FROM support_episodes e JOIN consented c ON c.service_user_id = e.service_user_id
        WHERE e.site_id = $2
        ORDER BY e.service_user_id, e.referred_on, e.id`,
      [asOf, siteId],
    );
  }

  /** The London date the site's first episode was referred on, or null with none. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async firstReferralOfSite(siteId: string, manager: EntityManager = this.dataSource.manager): Promise<string | null> {
    const [row] = await manager.query<{ first: string | null }[]>(
      `SELECT to_char(min(referred_on), 'YYYY-MM-DD') AS first FROM support_episodes WHERE site_id = $1`,
      [siteId],
    );
    return row?.first ?? null;
  }
}
