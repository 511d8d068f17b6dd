import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectReadDataSource } from '../database/read-data-source';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { EPISODE_ARM_SQL } from './episode-arm';
import type { ReportPeriod } from './reports.repository';

export const READMISSION_WINDOWS_DAYS = [30, 90, 365] as const;

export interface ReadmissionWindowRow {
  arm: string;
  days: number;
  indexDischarges: number;
  followedUp: number;
  readmitted: number;
}

/**
 * Readmission outcomes for both arms, read from the readmissions table. The index discharge of an episode is
 * its first: the discharge its earliest readmission followed, or its recorded discharge. A window counts only
 * once it has fully passed (index + days before today), so every rate has a complete follow-up denominator.
 * A readmission on the index discharge day counts as readmitted; one outside the site's follow-up horizon
 * (readmissions.within_follow_up) is kept but not counted. Usual-care episodes count by their recorded
 * discharge, and readmissions after support ended count for the arm the episode was in.
 */
@Injectable()
export class ReadmissionOutcomesRepository {
  constructor(@InjectReadDataSource() private readonly dataSource: DataSource) {}

  @GenerateSql({ params: [{ siteId: DummyValue.UUID, from: '2026-01-01', to: '2026-03-31' }] })
  byArm(p: ReportPeriod): Promise<ReadmissionWindowRow[]> {
    return this.dataSource.query(
      `WITH index_discharges AS (
         SELECT e.id, ${EPISODE_ARM_SQL} AS arm,
                coalesce((SELECT min(r.after_discharge_on) FROM readmissions r WHERE r.episode_id = e.id), e.discharged_on) AS discharged_on
           FROM support_episodes e
          WHERE e.site_id = $1),
       windows AS (SELECT unnest($4::int[]) AS days)
       SELECT i.arm, w.days, count(*)::int AS "indexDischarges",
              count(*) FILTER (WHERE i.discharged_on + w.days < (now() AT TIME ZONE 'Europe/London')::date)::int AS "followedUp",
              count(*) FILTER (WHERE i.discharged_on + w.days < (now() AT TIME ZONE 'Europe/London')::date
                 AND EXISTS (SELECT 1 FROM readmissions r WHERE r.episode_id = i.id AND r.readmitted_on >= i.discharged_on AND r.within_follow_up
                                AND r.readmitted_on - i.discharged_on <= w.days))::int AS readmitted
         FROM index_discharges i CROSS JOIN windows w
        WHERE i.discharged_on BETWEEN $2::date AND $3::date
        GROUP BY i.arm, w.days ORDER BY i.arm, w.days`,
      [p.siteId, p.from, p.to, [...READMISSION_WINDOWS_DAYS]],
    );
  }
}
