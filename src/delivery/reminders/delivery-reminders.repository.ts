import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';

export interface ReminderMeetingRow {
  id: string;
  site_id: string;
  episode_id: string;
  status: string;
  planned_start_at: Date;
  peer_worker_id: string;
  user_id: string | null;
}

export interface ReminderVisitRow {
  id: string;
  site_id: string;
  expected_end_at: Date;
  checked_out_at: Date | null;
  escalation_acknowledged_at: Date | null;
  user_id: string | null;
}

export interface ReminderContactRow {
  id: string;
  episode_id: string;
  site_id: string;
  sequence: number;
  phase: string;
  status: string;
  due_on: string;
  owner_peer_worker_id: string | null;
}

export interface ReminderEpisodeRow {
  id: string;
  site_id: string;
  state: string;
  discharged_on: string | null;
  peer_worker_id: string | null;
}

/**
 * What delivery's reminder policies re-read at fire time: plain SQL on the worker's manager (always given: a
 * reminder runs in the worker's transaction), with no caller scope.
 */
@Injectable()
export class DeliveryRemindersRepository {
  /** A meeting with the user account of the peer worker running it. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async meeting(id: string, manager: EntityManager): Promise<ReminderMeetingRow | null> {
    const [row] = await manager.query<Array<ReminderMeetingRow | undefined>>(
      `SELECT m.id, m.site_id, m.episode_id, m.status, m.planned_start_at, m.peer_worker_id, pw.user_id
         FROM meetings m JOIN peer_workers pw ON pw.id = m.peer_worker_id
        WHERE m.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** The first community meeting (off the ward) held on or after the discharge date (London midnight). */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.DAY] })
  async firstCommunityMeetingHeldSince(
    episodeId: string,
    dischargedOn: string,
    manager: EntityManager,
  ): Promise<Date | null> {
    const [row] = await manager.query<Array<{ first: Date | null } | undefined>>(
      `SELECT min(actual_start_at) AS first FROM meetings
        WHERE episode_id = $1 AND status = 'held' AND setting <> 'ward'
          AND actual_start_at >= ($2::date)::timestamp AT TIME ZONE 'Europe/London'`,
      [episodeId, dischargedOn],
    );
    return row?.first ?? null;
  }

  /** A lone-working visit with the user account of its peer worker. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async visit(id: string, manager: EntityManager): Promise<ReminderVisitRow | null> {
    const [row] = await manager.query<Array<ReminderVisitRow | undefined>>(
      `SELECT v.id, v.site_id, v.expected_end_at, v.checked_out_at, v.escalation_acknowledged_at, pw.user_id
         FROM lone_working_visits v JOIN peer_workers pw ON pw.id = v.peer_worker_id
        WHERE v.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /**
   * Escalations already notified for a visit and its expected end (any step of the chain): who got them and
   * whether they acknowledged it in their feed.
   */
  @GenerateSql({ params: [DummyValue.UUID, ['lone_working.no_check_out'], 1767603600000] })
  escalationsNotified(
    visitId: string,
    kinds: readonly string[],
    expectedEndMs: number,
    manager: EntityManager,
  ): Promise<{ recipient: string; acknowledged: boolean }[]> {
    return manager.query(
      `SELECT recipient_user_id AS recipient, acknowledged_at IS NOT NULL AS acknowledged FROM notifications
        WHERE subject_id = $1 AND kind = ANY($2) AND dedupe_key LIKE $3`,
      [visitId, kinds, `%-${visitId}-${expectedEndMs}:%`],
    );
  }

  /** A planned contact with its episode's site. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async plannedContact(id: string, manager: EntityManager): Promise<ReminderContactRow | null> {
    const [row] = await manager.query<Array<ReminderContactRow | undefined>>(
      `SELECT c.id, c.episode_id, e.site_id, c.sequence, c.phase, c.status, to_char(c.due_on, 'YYYY-MM-DD') AS due_on,
              c.owner_peer_worker_id
         FROM planned_contacts c JOIN support_episodes e ON e.id = c.episode_id
        WHERE c.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** An episode as the first-community-meeting reminder reads it. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async episode(id: string, manager: EntityManager): Promise<ReminderEpisodeRow | null> {
    const [row] = await manager.query<Array<ReminderEpisodeRow | undefined>>(
      `SELECT id, site_id, state, to_char(discharged_on, 'YYYY-MM-DD') AS discharged_on, peer_worker_id
         FROM support_episodes WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** The site's episodes still in community support and discharged on or before `dischargedBy`, oldest discharge first. */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.DAY] })
  inCommunitySupportDischargedBy(
    siteId: string,
    dischargedBy: string,
    manager: EntityManager,
  ): Promise<ReminderEpisodeRow[]> {
    return manager.query(
      `SELECT id, site_id, state, to_char(discharged_on, 'YYYY-MM-DD') AS discharged_on, peer_worker_id
         FROM support_episodes
        WHERE site_id = $1 AND state = 'community_support' AND discharged_on <= $2
        ORDER BY discharged_on, id`,
      [siteId, dischargedBy],
    );
  }
}
