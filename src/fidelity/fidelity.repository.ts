import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectReadDataSource } from '../database/read-data-source';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { EPISODE_ARM_SQL } from '../reports/episode-arm';
import { FIDELITY_INDICATOR_KEYS } from './fidelity-indicators';
import type { FidelityIndicatorKey } from './fidelity-indicators';

/** One counted unit of an indicator: met or missed, with the episode and peer worker it is attributed to. */
export interface FidelityUnitRow {
  subjectId: string;
  episodeId: string | null;
  peerWorkerId: string | null;
  met: boolean;
}

export interface FidelityScope {
  siteId: string;
  from: string;
  to: string;
  firstCommunityMeetingWithinDays: number;
  individualSupervisionEveryDays: number;
  groupSupervisionEveryDays: number;
}

const london = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;
const TODAY = london('now()');
const PERIOD_ENDS = `(($3::date + 1)::timestamp AT TIME ZONE 'Europe/London')`;
const PERIOD_STARTS = `(($2::date)::timestamp AT TIME ZONE 'Europe/London')`;
/** The peer worker an episode's figures are attributed to: the one of its latest primary pairing. */
const EPISODE_PEER_WORKER = `(SELECT pr.peer_worker_id FROM pairings pr WHERE pr.episode_id = e.id AND pr.kind = 'primary' ORDER BY pr.started_at DESC LIMIT 1)`;
const PEER_SUPPORT_EPISODE = `e.site_id = $1 AND ${EPISODE_ARM_SQL} = 'peer_support'`;
const DISCHARGED_IN_PERIOD = `e.discharged_on BETWEEN $2::date AND $3::date`;
const EPISODE_UNIT = `e.id AS "subjectId", e.id AS "episodeId", ${EPISODE_PEER_WORKER} AS "peerWorkerId"`;

/**
 * The SQL of every fidelity indicator in FIDELITY_INDICATORS, under the same key (the type makes a missing one a
 * compile error). Parameters: $1 site, $2 from, $3 to (London dates), $4 first-meeting window days,
 * $5 individual and $6 group supervision frequency in days.
 */
const INDICATOR_SQL: Record<FidelityIndicatorKey, string> = {
  met_on_ward_before_discharge: `
    SELECT ${EPISODE_UNIT},
           EXISTS (SELECT 1 FROM meetings m WHERE m.episode_id = e.id AND m.status = 'held' AND m.setting = 'ward'
                      AND ${london('coalesce(m.actual_start_at, m.planned_start_at)')} <= e.discharged_on) AS met
      FROM support_episodes e
     WHERE ${PEER_SUPPORT_EPISODE} AND ${DISCHARGED_IN_PERIOD} AND EXISTS (SELECT 1 FROM pairings pr WHERE pr.episode_id = e.id)`,

  peer_worker_at_discharge_meeting: `
    SELECT ${EPISODE_UNIT},
           EXISTS (SELECT 1 FROM discharge_meetings d WHERE d.episode_id = e.id AND d.service_user_invited_peer_worker AND d.peer_worker_attended) AS met
      FROM support_episodes e
     WHERE ${PEER_SUPPORT_EPISODE} AND ${DISCHARGED_IN_PERIOD}
       AND EXISTS (SELECT 1 FROM discharge_meetings d WHERE d.episode_id = e.id AND d.service_user_invited_peer_worker)`,

  first_community_meeting_within_window: `
    WITH f AS (
      SELECT e.id, e.discharged_on, ${EPISODE_PEER_WORKER} AS peer_worker_id,
             (SELECT min(${london('m.actual_start_at')}) FROM meetings m
               WHERE m.episode_id = e.id AND m.status = 'held' AND m.setting <> 'ward' AND ${london('m.actual_start_at')} >= e.discharged_on) AS first_on
        FROM support_episodes e
       WHERE ${PEER_SUPPORT_EPISODE} AND ${DISCHARGED_IN_PERIOD})
    SELECT f.id AS "subjectId", f.id AS "episodeId", f.peer_worker_id AS "peerWorkerId",
           coalesce(f.first_on - f.discharged_on <= $4::int, false) AS met
      FROM f
     WHERE f.discharged_on + $4::int < least($3::date + 1, ${TODAY}) OR f.first_on - f.discharged_on <= $4::int`,

  step_down_followed: `
    SELECT c.id AS "subjectId", c.episode_id AS "episodeId", c.owner_peer_worker_id AS "peerWorkerId",
           (c.status = 'held' AND ${london('coalesce(m.actual_start_at, m.planned_start_at)')} BETWEEN c.window_starts_on AND c.window_ends_on) AS met
      FROM planned_contacts c JOIN support_episodes e ON e.id = c.episode_id
      LEFT JOIN meetings m ON m.id = c.meeting_id
     WHERE ${PEER_SUPPORT_EPISODE} AND c.window_ends_on BETWEEN $2::date AND $3::date
       AND c.status NOT IN ('suspended', 'cancelled') AND (c.window_ends_on < ${TODAY} OR c.status = 'held')`,

  planned_ending_held: `
    SELECT ${EPISODE_UNIT},
           (e.ending_reason = 'planned_ending'
            AND EXISTS (SELECT 1 FROM planned_contacts c WHERE c.episode_id = e.id AND c.phase = 'ending' AND c.status = 'held')) AS met
      FROM support_episodes e
     WHERE ${PEER_SUPPORT_EPISODE} AND e.discharged_on IS NOT NULL AND e.ended_at >= ${PERIOD_STARTS} AND e.ended_at < ${PERIOD_ENDS}`,

  service_user_owned_plan_written: `
    SELECT ${EPISODE_UNIT},
           EXISTS (SELECT 1 FROM service_user_plans sp WHERE sp.episode_id = e.id AND sp.created_at < ${PERIOD_ENDS}) AS met
      FROM support_episodes e
     WHERE ${PEER_SUPPORT_EPISODE} AND ${DISCHARGED_IN_PERIOD}`,

  supervision_on_schedule: `
    SELECT pw.id AS "subjectId", NULL::uuid AS "episodeId", pw.id AS "peerWorkerId",
           ((SELECT count(*) FROM individual_supervision_sessions s WHERE s.peer_worker_id = pw.id AND s.held_on BETWEEN $2::date AND $3::date)
               >= ($3::date - $2::date + 1) / $5::int
            AND (SELECT count(*) FROM group_supervision_attendance a JOIN group_supervision_sessions s ON s.id = a.session_id
                  WHERE a.peer_worker_id = pw.id AND s.held_on BETWEEN $2::date AND $3::date)
               >= ($3::date - $2::date + 1) / $6::int) AS met
      FROM peer_workers pw
     WHERE pw.site_id = $1 AND pw.status = 'active'`,
};

const EXAMPLE: FidelityScope = {
  siteId: DummyValue.UUID,
  from: '2026-01-01',
  to: '2026-03-31',
  firstCommunityMeetingWithinDays: 7,
  individualSupervisionEveryDays: 30,
  groupSupervisionEveryDays: 14,
};

@Injectable()
export class FidelityRepository {
  constructor(@InjectReadDataSource() private readonly dataSource: DataSource) {}

  /** The units of one indicator for a site and period, ordered so misses list the same way every time. */
  @GenerateSql(...FIDELITY_INDICATOR_KEYS.map((key) => ({ name: key, params: [key, EXAMPLE] })))
  units(key: FidelityIndicatorKey, scope: FidelityScope): Promise<FidelityUnitRow[]> {
    // Every indicator gets all six parameters; the `params` CTE names each once so PostgreSQL accepts those a query leaves unused.
    return this.dataSource.query(
      `WITH params AS (SELECT $1::uuid AS site, $2::date AS starts, $3::date AS ends, $4::int AS window_days, $5::int AS individual_days, $6::int AS group_days)
       SELECT * FROM (${INDICATOR_SQL[key]}) AS units ORDER BY "episodeId" NULLS LAST, "subjectId"`,
      [
        scope.siteId,
        scope.from,
        scope.to,
        scope.firstCommunityMeetingWithinDays,
        scope.individualSupervisionEveryDays,
        scope.groupSupervisionEveryDays,
      ],
    );
  }

  /** The episode's site and the London date it was referred on (the start of its own fidelity period). */
  @GenerateSql({ params: [DummyValue.UUID] })
  async episode(episodeId: string): Promise<{ siteId: string; serviceUserId: string; referredOn: string } | null> {
    const [row] = await this.dataSource.query<
      Array<{ siteId: string; serviceUserId: string; referredOn: string } | undefined>
    >(
      `SELECT site_id AS "siteId", service_user_id AS "serviceUserId", to_char(referred_on, 'YYYY-MM-DD') AS "referredOn" FROM support_episodes WHERE id = $1`,
      [episodeId],
    );
    return row ?? null;
  }

  /** Display names of the site's peer workers, for the per-peer-worker breakdown. */
  @GenerateSql({ params: [DummyValue.UUID] })
  peerWorkerNames(siteId: string): Promise<{ id: string; displayName: string }[]> {
    return this.dataSource.query(
      `SELECT id, display_name AS "displayName" FROM peer_workers WHERE site_id = $1 ORDER BY display_name, id`,
      [siteId],
    );
  }
}
