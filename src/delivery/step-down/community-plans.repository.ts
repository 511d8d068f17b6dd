import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';
import type { ContactPhase } from './community-plan';
import type { PlannedContactStatus } from './entities/planned-contact.entity';

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

/** Read-only queries on community plans for other areas (the FHIR CarePlan), by episode; the caller passes the connection. */
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
}
