import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';
import type { ContactPhase } from './community-plan';
import { PlannedContact, type PlannedContactStatus } from './entities/planned-contact.entity';

/** One planned contact as other areas read it (the reason text and who recorded the outcome stay here). */
export interface PlannedContactRow {
  id: string;
  episode_id: string;
  sequence: number;
  phase: ContactPhase;
  due_on: string;
  window_starts_on: string;
  window_ends_on: string;
  owner_peer_worker_id: string | null;
  status: PlannedContactStatus;
  meeting_id: string | null;
  version: number;
  updated_at: Date;
}

/** What the change log says of each plan: how many changes, the first (generation) and the latest. */
export interface CommunityPlanHistoryRow {
  episode_id: string;
  changes: number;
  first_at: Date;
  last_at: Date;
  /** The date the first plan was generated from (the discharge date), from the generation record. */
  start_date: string | null;
}

/** A meeting as the plan checks it before a held contact names it (meetings are the meetings part's rows). */
export interface HeldMeetingCheck {
  episode_id: string;
  status: string;
  /** The London calendar date it started on (null when it has no actual start). */
  held_on: string | null;
}

/**
 * Queries on community plans: the plan's own (with the caller's manager, inside its transaction), and read-only
 * views for other areas (the FHIR CarePlan), by episode; the caller passes the connection.
 */
@Injectable()
export class CommunityPlansRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every contact of these episodes' plans, in plan order. */
  @GenerateSql({ params: [[DummyValue.UUID, DummyValue.UUID2]] })
  contactsOf(
    episodeIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PlannedContactRow[]> {
    return manager.query(
      `SELECT c.id, c.episode_id, c.sequence, c.phase, c.due_on::text AS due_on,
              c.window_starts_on::text AS window_starts_on, c.window_ends_on::text AS window_ends_on,
              c.owner_peer_worker_id, c.status, c.meeting_id, c.version, c.updated_at
         FROM planned_contacts c
        WHERE c.episode_id = ANY($1::uuid[])
        ORDER BY c.episode_id, c.sequence`,
      [episodeIds],
    );
  }

  /** The change log of these episodes' plans, summarised per episode. */
  @GenerateSql({ params: [[DummyValue.UUID, DummyValue.UUID2]] })
  historyOf(
    episodeIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CommunityPlanHistoryRow[]> {
    return manager.query(
      `SELECT ch.episode_id, count(*)::int AS changes, min(ch.occurred_at) AS first_at, max(ch.occurred_at) AS last_at,
              (array_agg(ch.details->>'startDate' ORDER BY ch.occurred_at) FILTER (WHERE ch.kind = 'generated'))[1] AS start_date
         FROM community_plan_changes ch
        WHERE ch.episode_id = ANY($1::uuid[])
        GROUP BY ch.episode_id`,
      [episodeIds],
    );
  }

  /** The episode's planned contacts due on or after `from` (what a readmission suspends), in plan order. */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.DAY] })
  plannedDueFrom(episodeId: string, from: string, manager: EntityManager): Promise<PlannedContact[]> {
    return manager
      .createQueryBuilder(PlannedContact, 'c')
      .where("c.episodeId = :id AND c.status = 'planned' AND c.dueOn >= :from", { id: episodeId, from })
      .orderBy('c.sequence')
      .getMany();
  }

  /** The planned contacts of the episode a peer worker owns, due within [from, to] (calendar dates), in plan order. */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.UUID2, { from: DummyValue.DAY, to: '2026-02-02' }] })
  plannedOwnedBetween(
    episodeId: string,
    ownerPeerWorkerId: string,
    between: { from: string; to: string },
    manager: EntityManager,
  ): Promise<PlannedContact[]> {
    return manager
      .createQueryBuilder(PlannedContact, 'c')
      .where(
        "c.episodeId = :episodeId AND c.ownerPeerWorkerId = :ownerPeerWorkerId AND c.status = 'planned' AND c.dueOn BETWEEN :from AND :to",
        { episodeId, ownerPeerWorkerId, from: between.from, to: between.to },
      )
      .orderBy('c.sequence')
      .getMany();
  }

  /** The last contact before `sequence` that was not cancelled (where an extension continues from). */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.NUMBER] })
  lastNotCancelledBefore(episodeId: string, sequence: number, manager: EntityManager): Promise<PlannedContact | null> {
    return manager
      .createQueryBuilder(PlannedContact, 'c')
      .where("c.episodeId = :episodeId AND c.sequence < :sequence AND c.status <> 'cancelled'", { episodeId, sequence })
      .orderBy('c.sequence', 'DESC')
      .limit(1)
      .getOne();
  }

  /** The latest due date before `sequence` among contacts that happen or happened (planned, held, missed). */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.NUMBER] })
  async latestDueBefore(episodeId: string, sequence: number, manager: EntityManager): Promise<string | undefined> {
    const row = await manager
      .createQueryBuilder(PlannedContact, 'c')
      .select('MAX(c.dueOn)', 'latest')
      .where("c.episodeId = :episodeId AND c.sequence < :sequence AND c.status IN ('planned','held','missed')", {
        episodeId,
        sequence,
      })
      .getRawOne<{ latest: string | null }>();
    return row?.latest ?? undefined;
  }

  /** The meeting a held contact names: its episode, status and the London date it was held on. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async heldMeeting(meetingId: string, manager: EntityManager): Promise<HeldMeetingCheck | null> {
    const [meeting] = await manager.query<Array<HeldMeetingCheck | undefined>>(
      `SELECT episode_id, status, to_char(actual_start_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS held_on
         FROM meetings WHERE id = $1`,
      [meetingId],
    );
    return meeting ?? null;
  }
}
