import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InjectReadDataSource } from '../database/read-data-source';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { OutcomeAdministration } from './entities/outcome-administration.entity';

/** An administration as listed, with the change from the same subject's baseline of the same instrument. */
export interface AdministrationRow {
  id: string;
  instrument: string;
  subject: 'service_user' | 'peer_worker';
  siteId: string;
  episodeId: string | null;
  peerWorkerId: string | null;
  timepoint: string;
  administeredOn: string;
  itemScores: (number | null)[];
  itemsAnswered: number;
  rawTotal: number | null;
  score: number | null;
  notScoredReason: string | null;
  changeFromBaseline: number | null;
}

const LIST_COLUMNS = `a.id, a.instrument, a.subject, a.site_id AS "siteId", a.episode_id AS "episodeId", a.peer_worker_id AS "peerWorkerId",
       a.timepoint, to_char(a.administered_on, 'YYYY-MM-DD') AS "administeredOn", a.item_scores AS "itemScores",
       a.items_answered AS "itemsAnswered", a.raw_total AS "rawTotal", a.score, a.not_scored_reason AS "notScoredReason"`;

@Injectable()
export class OutcomesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    /** Site summaries may lag a moment: the read replica when one is configured. */
    @InjectReadDataSource() private readonly readDataSource: DataSource,
  ) {}

  /** The episode's site, service user and the sign-in of its paired peer worker (who may record measures). */
  @GenerateSql({ params: [DummyValue.UUID] })
  async episode(
    episodeId: string,
  ): Promise<{ siteId: string; serviceUserId: string; peerWorkerUserId: string | null } | null> {
    const [row] = await this.dataSource.query<
      Array<{ siteId: string; serviceUserId: string; peerWorkerUserId: string | null } | undefined>
    >(
      `SELECT e.site_id AS "siteId", e.service_user_id AS "serviceUserId", pw.user_id AS "peerWorkerUserId"
         FROM support_episodes e LEFT JOIN peer_workers pw ON pw.id = e.peer_worker_id
        WHERE e.id = $1`,
      [episodeId],
    );
    return row ?? null;
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async peerWorker(peerWorkerId: string): Promise<{ siteId: string; userId: string | null } | null> {
    const [row] = await this.dataSource.query<Array<{ siteId: string; userId: string | null } | undefined>>(
      `SELECT site_id AS "siteId", user_id AS "userId" FROM peer_workers WHERE id = $1`,
      [peerWorkerId],
    );
    return row ?? null;
  }

  /** Insert one administration; a second baseline or end-of-support of an instrument for an episode is refused by the unique index. */
  insert(record: Omit<OutcomeAdministration, 'id' | 'createdAt' | 'updatedAt'>): Promise<OutcomeAdministration> {
    return this.dataSource.getRepository(OutcomeAdministration).save(record);
  }

  /** Every administration of an episode (or a peer worker), oldest first, each with its change from baseline. */
  @GenerateSql(
    { name: 'of an episode', params: ['episode', DummyValue.UUID] },
    { name: 'of a peer worker', params: ['peer_worker', DummyValue.UUID] },
  )
  listFor(subject: 'episode' | 'peer_worker', id: string): Promise<AdministrationRow[]> {
    const owner = subject === 'episode' ? 'episode_id' : 'peer_worker_id';
    const baselineTimepoint = subject === 'episode' ? 'baseline' : 'employment_start';
    return this.dataSource.query(
      `SELECT ${LIST_COLUMNS},
              round((a.score - (SELECT b.score FROM outcome_administrations b
                                 WHERE b.${owner} = a.${owner} AND b.instrument = a.instrument AND b.timepoint = '${baselineTimepoint}'
                                 ORDER BY b.administered_on, b.created_at LIMIT 1))::numeric, 2)::float8 AS "changeFromBaseline"
         FROM outcome_administrations a
        WHERE a.${owner} = $1
        ORDER BY a.administered_on, a.created_at`,
      [id],
    );
  }

  /**
   * Change from baseline per instrument for a site: each episode's latest scored administration after baseline
   * (end of support or follow-up) administered in the period, paired with its scored baseline.
   */
  @GenerateSql({ params: [DummyValue.UUID, '2026-01-01', '2026-03-31'] })
  siteChange(
    siteId: string,
    from: string,
    to: string,
  ): Promise<{ instrument: string; pairs: number; meanBaseline: number; meanLatest: number; meanChange: number }[]> {
    return this.readDataSource.query(
      `WITH baseline AS (
         SELECT DISTINCT ON (episode_id, instrument) episode_id, instrument, score
           FROM outcome_administrations
          WHERE site_id = $1 AND subject = 'service_user' AND timepoint = 'baseline' AND score IS NOT NULL
          ORDER BY episode_id, instrument, administered_on, created_at),
       latest AS (
         SELECT DISTINCT ON (episode_id, instrument) episode_id, instrument, score
           FROM outcome_administrations
          WHERE site_id = $1 AND subject = 'service_user' AND timepoint <> 'baseline' AND score IS NOT NULL
            AND administered_on BETWEEN $2::date AND $3::date
          ORDER BY episode_id, instrument, administered_on DESC, created_at DESC)
       SELECT l.instrument, count(*)::int AS pairs,
              round(avg(b.score)::numeric, 2)::float8 AS "meanBaseline",
              round(avg(l.score)::numeric, 2)::float8 AS "meanLatest",
              round(avg(l.score - b.score)::numeric, 2)::float8 AS "meanChange"
         FROM latest l JOIN baseline b USING (episode_id, instrument)
        GROUP BY l.instrument ORDER BY l.instrument`,
      [siteId, from, to],
    );
  }
}
