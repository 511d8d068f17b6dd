import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectReadDataSource } from '../database/read-data-source';
import { EPISODE_ARM_SQL } from './episode-arm';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';

/** A report's scope: one site, London calendar dates `from`..`to` inclusive. */
export interface ReportPeriod {
  siteId: string;
  from: string;
  to: string;
}

/** The period as instants: London midnight at the start of `from` and after `to`. */
const PERIOD = `p AS (SELECT ($2::date)::timestamp AT TIME ZONE 'Europe/London' AS starts,
                             ($3::date + 1)::timestamp AT TIME ZONE 'Europe/London' AS ends)`;
const londonDate = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;
const EXAMPLE: ReportPeriod = { siteId: DummyValue.UUID, from: '2026-01-01', to: '2026-03-31' };
const args = (p: ReportPeriod) => [p.siteId, p.from, p.to];

/**
 * Every query behind the operational reports, computed in PostgreSQL from recorded practice. Reads only:
 * the tables belong to their areas, the figures to this one.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectReadDataSource() private readonly dataSource: DataSource) {}

  /** Each peer worker's caseload at the end of the period: episodes with an open pairing to them, not yet ended. */
  @GenerateSql({ params: [EXAMPLE] })
  caseloads(
    p: ReportPeriod,
  ): Promise<{ peerWorkerId: string; displayName: string; status: string; activeServiceUsers: number }[]> {
    return this.dataSource.query(
      `WITH ${PERIOD}
       SELECT pw.id AS "peerWorkerId", pw.display_name AS "displayName", pw.status,
              count(DISTINCT e.id)::int AS "activeServiceUsers"
         FROM peer_workers pw CROSS JOIN p
         LEFT JOIN pairings pr ON pr.peer_worker_id = pw.id AND pr.started_at < p.ends AND (pr.ended_at IS NULL OR pr.ended_at >= p.ends)
         LEFT JOIN support_episodes e ON e.id = pr.episode_id AND (e.ended_at IS NULL OR e.ended_at >= p.ends)
        WHERE pw.site_id = $1
        GROUP BY pw.id
       HAVING pw.status = 'active' OR count(DISTINCT e.id) > 0
        ORDER BY pw.display_name, pw.id`,
      args(p),
    );
  }

  /** Episodes open at any time in the period (referred by its end, not ended before its start), by current state and arm. */
  @GenerateSql({ params: [EXAMPLE] })
  episodesByStateAndArm(p: ReportPeriod): Promise<{ state: string; arm: string; episodes: number }[]> {
    return this.dataSource.query(
      `WITH ${PERIOD}
       SELECT e.state, ${EPISODE_ARM_SQL} AS arm, count(*)::int AS episodes
         FROM support_episodes e CROSS JOIN p
        WHERE e.site_id = $1 AND e.referred_on <= $3::date AND (e.ended_at IS NULL OR e.ended_at >= p.starts)
        GROUP BY 1, 2 ORDER BY 1, 2`,
      args(p),
    );
  }

  /**
   * Episodes discharged in the period and the London days from discharge to the first held meeting away
   * from the ward on or after it (null: none yet).
   */
  @GenerateSql({ params: [EXAMPLE] })
  firstCommunityMeetings(
    p: ReportPeriod,
  ): Promise<{ episodeId: string; dischargedOn: string; firstMeetingOn: string | null; days: number | null }[]> {
    return this.dataSource.query(
      `SELECT e.id AS "episodeId", to_char(e.discharged_on, 'YYYY-MM-DD') AS "dischargedOn",
              to_char(min(${londonDate('m.actual_start_at')}), 'YYYY-MM-DD') AS "firstMeetingOn",
              (min(${londonDate('m.actual_start_at')}) - e.discharged_on)::int AS days
         FROM support_episodes e
         LEFT JOIN meetings m ON m.episode_id = e.id AND m.status = 'held' AND m.setting <> 'ward'
                             AND ${londonDate('m.actual_start_at')} >= e.discharged_on
        WHERE e.site_id = $1 AND e.discharged_on BETWEEN $2::date AND $3::date
        GROUP BY e.id ORDER BY e.discharged_on, e.id`,
      args(p),
    );
  }

  /** Median and 90th percentile (linear interpolation) of those days, and how many met within the site's window. */
  @GenerateSql({ params: [EXAMPLE, 7] })
  async firstCommunityMeetingSummary(
    p: ReportPeriod,
    windowDays: number,
  ): Promise<{
    discharged: number;
    met: number;
    withinWindow: number;
    medianDays: number | null;
    p90Days: number | null;
  }> {
    const [row] = await this.dataSource.query<
      Array<{
        discharged: number;
        met: number;
        withinWindow: number;
        medianDays: number | null;
        p90Days: number | null;
      }>
    >(
      `WITH firsts AS (
         SELECT e.id, min(${londonDate('m.actual_start_at')}) - e.discharged_on AS days
           FROM support_episodes e
           LEFT JOIN meetings m ON m.episode_id = e.id AND m.status = 'held' AND m.setting <> 'ward'
                               AND ${londonDate('m.actual_start_at')} >= e.discharged_on
          WHERE e.site_id = $1 AND e.discharged_on BETWEEN $2::date AND $3::date
          GROUP BY e.id)
       SELECT count(*)::int AS discharged, count(days)::int AS met,
              count(*) FILTER (WHERE days <= $4)::int AS "withinWindow",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS "medianDays",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS "p90Days"
         FROM firsts`,
      [...args(p), windowDays],
    );
    return row;
  }

  /** Meetings planned to start in the period, by mode, setting and what became of them. */
  @GenerateSql({ params: [EXAMPLE] })
  meetingsByModeAndSetting(p: ReportPeriod): Promise<
    {
      mode: string;
      setting: string;
      planned: number;
      held: number;
      missed: number;
      cancelled: number;
      rescheduled: number;
      outstanding: number;
    }[]
  > {
    return this.dataSource.query(
      `WITH ${PERIOD}
       SELECT m.mode, m.setting, count(*)::int AS planned,
              count(*) FILTER (WHERE m.status = 'held')::int AS held,
              count(*) FILTER (WHERE m.status = 'missed')::int AS missed,
              count(*) FILTER (WHERE m.status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE m.status = 'rescheduled')::int AS rescheduled,
              count(*) FILTER (WHERE m.status = 'planned')::int AS outstanding
         FROM meetings m CROSS JOIN p
        WHERE m.site_id = $1 AND m.planned_start_at >= p.starts AND m.planned_start_at < p.ends
        GROUP BY 1, 2 ORDER BY 1, 2`,
      args(p),
    );
  }

  /** Planned contacts of the community plans due in the period, by phase and status. */
  @GenerateSql({ params: [EXAMPLE] })
  plannedContactsByPhase(p: ReportPeriod): Promise<
    {
      phase: string;
      due: number;
      held: number;
      missed: number;
      suspended: number;
      cancelled: number;
      outstanding: number;
    }[]
  > {
    return this.dataSource.query(
      `SELECT c.phase, count(*)::int AS due,
              count(*) FILTER (WHERE c.status = 'held')::int AS held,
              count(*) FILTER (WHERE c.status = 'missed')::int AS missed,
              count(*) FILTER (WHERE c.status = 'suspended')::int AS suspended,
              count(*) FILTER (WHERE c.status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE c.status = 'planned')::int AS outstanding
         FROM planned_contacts c JOIN support_episodes e ON e.id = c.episode_id
        WHERE e.site_id = $1 AND c.due_on BETWEEN $2::date AND $3::date
        GROUP BY 1 ORDER BY array_position(ARRAY['intensive','step_down','ending'], c.phase)`,
      args(p),
    );
  }

  /**
   * Step-down adherence: contacts whose window closed in the period (before today, or already held; not
   * suspended or cancelled), and how many were held by a meeting that took place inside the window.
   */
  @GenerateSql({ params: [EXAMPLE] })
  stepDownAdherence(p: ReportPeriod): Promise<{ phase: string; windowsClosed: number; heldWithinWindow: number }[]> {
    return this.dataSource.query(
      `SELECT c.phase, count(*)::int AS "windowsClosed",
              count(*) FILTER (WHERE c.status = 'held'
                 AND ${londonDate('coalesce(m.actual_start_at, m.planned_start_at)')} BETWEEN c.window_starts_on AND c.window_ends_on)::int AS "heldWithinWindow"
         FROM planned_contacts c JOIN support_episodes e ON e.id = c.episode_id
         LEFT JOIN meetings m ON m.id = c.meeting_id
        WHERE e.site_id = $1 AND c.window_ends_on BETWEEN $2::date AND $3::date AND c.status NOT IN ('suspended', 'cancelled')
          AND (c.window_ends_on < ${londonDate('now()')} OR c.status = 'held')
        GROUP BY 1 ORDER BY array_position(ARRAY['intensive','step_down','ending'], c.phase)`,
      args(p),
    );
  }

  @GenerateSql({ params: [EXAMPLE] })
  endingsByReason(p: ReportPeriod): Promise<{ reason: string; episodes: number }[]> {
    return this.dataSource.query(
      `WITH ${PERIOD}
       SELECT coalesce(e.ending_reason, 'not_recorded') AS reason, count(*)::int AS episodes
         FROM support_episodes e CROSS JOIN p
        WHERE e.site_id = $1 AND e.ended_at >= p.starts AND e.ended_at < p.ends
        GROUP BY 1 ORDER BY 1`,
      args(p),
    );
  }

  /** Supervision per active peer worker: sessions held or attended in the period, against the whole cycles it spans. */
  @GenerateSql({ params: [EXAMPLE, { individual: 28, group: 14 }] })
  supervision(
    p: ReportPeriod,
    everyDays: { individual: number; group: number },
  ): Promise<
    {
      peerWorkerId: string;
      displayName: string;
      individualHeld: number;
      individualDue: number;
      groupAttended: number;
      groupDue: number;
    }[]
  > {
    return this.dataSource.query(
      `SELECT pw.id AS "peerWorkerId", pw.display_name AS "displayName",
              (SELECT count(*) FROM individual_supervision_sessions s
                WHERE s.peer_worker_id = pw.id AND s.held_on BETWEEN $2::date AND $3::date)::int AS "individualHeld",
              (($3::date - $2::date + 1) / $4::int)::int AS "individualDue",
              (SELECT count(*) FROM group_supervision_attendance a JOIN group_supervision_sessions s ON s.id = a.session_id
                WHERE a.peer_worker_id = pw.id AND s.held_on BETWEEN $2::date AND $3::date)::int AS "groupAttended",
              (($3::date - $2::date + 1) / $5::int)::int AS "groupDue"
         FROM peer_workers pw
        WHERE pw.site_id = $1 AND pw.status = 'active'
        ORDER BY pw.display_name, pw.id`,
      [...args(p), everyDays.individual, everyDays.group],
    );
  }

  /** Absences overlapping the period, each with the cover arrangement made for every affected episode. */
  @GenerateSql({ params: [EXAMPLE] })
  absences(p: ReportPeriod): Promise<
    {
      absenceId: string;
      peerWorkerId: string | null;
      kind: string;
      state: string;
      startsOn: string;
      endsOn: string | null;
      arrangements: { episodeId: string; arrangement: string; coveringPeerWorkerId: string | null; state: string }[];
    }[]
  > {
    return this.dataSource.query(
      `SELECT a.id AS "absenceId", a.peer_worker_id AS "peerWorkerId", a.kind, a.state,
              to_char(a.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(coalesce(a.ended_on, a.expected_end_on), 'YYYY-MM-DD') AS "endsOn",
              coalesce((SELECT json_agg(json_build_object('episodeId', c.episode_id, 'arrangement', c.arrangement,
                                                          'coveringPeerWorkerId', c.covering_peer_worker_id, 'state', c.state) ORDER BY c.created_at)
                          FROM cover_arrangements c WHERE c.absence_id = a.id), '[]') AS arrangements
         FROM absences a
        WHERE a.site_id = $1 AND a.starts_on <= $3::date AND coalesce(a.ended_on, a.expected_end_on, $3::date) >= $2::date
        ORDER BY a.starts_on, a.id`,
      args(p),
    );
  }

  /**
   * Days in the period (up to today) on which an episode, once paired, had no open pairing: nobody
   * responsible for it. Counted per London day, from the first pairing to the episode's end.
   */
  @GenerateSql({ params: [EXAMPLE] })
  daysWithoutResponsiblePerson(p: ReportPeriod): Promise<{ episodeId: string; days: number }[]> {
    return this.dataSource.query(
      `WITH spans AS (
         SELECT e.id, greatest($2::date, min(${londonDate('pr.started_at')})) AS first_day,
                least($3::date, coalesce(${londonDate('e.ended_at')} - 1, $3::date), ${londonDate('now()')}) AS last_day
           FROM support_episodes e JOIN pairings pr ON pr.episode_id = e.id
          WHERE e.site_id = $1
          GROUP BY e.id)
       SELECT s.id AS "episodeId", count(*)::int AS days
         FROM spans s CROSS JOIN LATERAL generate_series(s.first_day, s.last_day, interval '1 day') AS d(day)
        WHERE NOT EXISTS (SELECT 1 FROM pairings pr WHERE pr.episode_id = s.id
                             AND ${londonDate('pr.started_at')} <= d.day::date
                             AND (pr.ended_at IS NULL OR ${londonDate('pr.ended_at')} > d.day::date))
        GROUP BY s.id ORDER BY s.id`,
      args(p),
    );
  }

  /** Lone-working visits started in the period: checked out in time, late or not at all, and the escalations sent. */
  @GenerateSql({ params: [EXAMPLE, 30] })
  async loneWorking(
    p: ReportPeriod,
    graceMinutes: number,
  ): Promise<{
    visits: number;
    checkedOutInTime: number;
    checkedOutLate: number;
    notCheckedOut: number;
    escalationsSent: number;
    escalationsAcknowledged: number;
  }> {
    const [row] = await this.dataSource.query<
      Array<{
        visits: number;
        checkedOutInTime: number;
        checkedOutLate: number;
        notCheckedOut: number;
        escalationsSent: number;
        escalationsAcknowledged: number;
      }>
    >(
      `WITH ${PERIOD}
       SELECT count(*)::int AS visits,
              count(*) FILTER (WHERE v.checked_out_at <= v.expected_end_at + make_interval(mins => $4))::int AS "checkedOutInTime",
              count(*) FILTER (WHERE v.checked_out_at > v.expected_end_at + make_interval(mins => $4))::int AS "checkedOutLate",
              count(*) FILTER (WHERE v.checked_out_at IS NULL)::int AS "notCheckedOut",
              coalesce(sum((SELECT count(*) FROM notifications n WHERE n.subject_id = v.id AND n.kind LIKE 'lone_working.%')), 0)::int AS "escalationsSent",
              count(*) FILTER (WHERE v.escalation_acknowledged_at IS NOT NULL)::int AS "escalationsAcknowledged"
         FROM lone_working_visits v CROSS JOIN p
        WHERE v.site_id = $1 AND v.started_at >= p.starts AND v.started_at < p.ends`,
      [...args(p), graceMinutes],
    );
    return row;
  }

  /** Reminders and escalations due in the period for the site, by kind: how many were sent, read, acknowledged. */
  @GenerateSql({ params: [EXAMPLE] })
  notifications(
    p: ReportPeriod,
  ): Promise<{ kind: string; due: number; sent: number; read: number; acknowledged: number }[]> {
    return this.dataSource.query(
      `WITH ${PERIOD}
       SELECT n.kind, count(*)::int AS due, count(n.sent_at)::int AS sent, count(n.read_at)::int AS read, count(n.acknowledged_at)::int AS acknowledged
         FROM notifications n CROSS JOIN p
        WHERE n.site_id = $1 AND coalesce(n.due_at, n.created_at) >= p.starts AND coalesce(n.due_at, n.created_at) < p.ends
        GROUP BY 1 ORDER BY 1`,
      args(p),
    );
  }

  /** Webhook delivery attempts in the period to clients of the site, by event type. */
  @GenerateSql({ params: [EXAMPLE] })
  webhookDeliveries(
    p: ReportPeriod,
  ): Promise<{ eventType: string; events: number; attempts: number; succeeded: number; failed: number }[]> {
    return this.dataSource.query(
      `WITH ${PERIOD}
       SELECT d.event_type AS "eventType", count(DISTINCT d.event_id)::int AS events, count(*)::int AS attempts,
              count(*) FILTER (WHERE d.succeeded)::int AS succeeded, count(*) FILTER (WHERE NOT d.succeeded)::int AS failed
         FROM webhook_deliveries d CROSS JOIN p
         JOIN webhook_subscriptions s ON s.id = d.subscription_id
         JOIN integration_clients c ON c.id = s.integration_client_id
        WHERE $1 = ANY(c.site_ids) AND d.created_at >= p.starts AND d.created_at < p.ends
        GROUP BY 1 ORDER BY 1`,
      args(p),
    );
  }
}
