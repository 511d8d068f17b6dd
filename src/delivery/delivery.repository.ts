import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import type { SupportEpisode } from '../episodes/entities/support-episode.entity';

/** What delivery's rules and scope checks read of a support episode (episodes own the row; delivery never writes it). */
export type DeliveryEpisode = Pick<
  SupportEpisode,
  'id' | 'siteId' | 'serviceUserId' | 'peerWorkerId' | 'state' | 'dischargedOn' | 'readmittedOn'
>;

/** The episode with its service user's site and ward: all the service-user scope needs of them. */
export interface EpisodeInPlace {
  episode: DeliveryEpisode;
  serviceUser: { id: string; siteId: string; wardId: string | null };
}

interface EpisodeInPlaceRow {
  id: string;
  site_id: string;
  service_user_id: string;
  peer_worker_id: string | null;
  state: SupportEpisode['state'];
  discharged_on: string | null;
  readmitted_on: string | null;
  su_site_id: string;
  su_ward_id: string | null;
}

/** Delivery's reads across its parts: the episode a delivery route acts on, and the caseload's next planned contact. */
@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One read for a delivery route's scope check: the episode's columns delivery uses and its service user's site
   * and ward (a hot path: every meeting list and create starts here). With `lock`, the episode row is locked in
   * the caller's transaction, so a write need not read it a second time.
   */
  @GenerateSql({ name: 'read', params: [DummyValue.UUID, false] }, { name: 'locked', params: [DummyValue.UUID, true] })
  async episodeInPlace(
    episodeId: string,
    lock: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EpisodeInPlace | null> {
    const [row] = await manager.query<Array<EpisodeInPlaceRow | undefined>>(
      `SELECT e.id, e.site_id, e.service_user_id, e.peer_worker_id, e.state, e.discharged_on::text AS discharged_on,
              e.readmitted_on::text AS readmitted_on, su.site_id AS su_site_id, su.ward_id AS su_ward_id
         FROM support_episodes e
         JOIN service_users su ON su.id = e.service_user_id
        WHERE e.id = $1${lock ? '\n          FOR UPDATE OF e' : ''}`,
      [episodeId],
    );
    if (!row) return null;
    return {
      episode: {
        id: row.id,
        siteId: row.site_id,
        serviceUserId: row.service_user_id,
        peerWorkerId: row.peer_worker_id,
        state: row.state,
        dischargedOn: row.discharged_on,
        readmittedOn: row.readmitted_on,
      },
      serviceUser: { id: row.service_user_id, siteId: row.su_site_id, wardId: row.su_ward_id },
    };
  }

  /**
   * The earliest planned meeting, or planned contact no planned meeting is for (at the start of its due day in
   * Europe/London), of each episode; episodes with nothing planned are absent.
   */
  @GenerateSql({ params: [[DummyValue.UUID, DummyValue.UUID2]] })
  nextPlannedContactOf(episodeIds: readonly string[]): Promise<{ episode_id: string; next_at: Date }[]> {
    return this.dataSource.query(
      `SELECT episode_id, min(at) AS next_at FROM (
         SELECT m.episode_id, m.planned_start_at AS at
           FROM meetings m
          WHERE m.episode_id = ANY($1::uuid[]) AND m.status = 'planned'
         UNION ALL
         SELECT c.episode_id, (c.due_on::timestamp AT TIME ZONE 'Europe/London') AS at
           FROM planned_contacts c
          WHERE c.episode_id = ANY($1::uuid[]) AND c.status = 'planned'
            AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.planned_contact_id = c.id AND m.status = 'planned')
       ) planned
       GROUP BY episode_id`,
      [episodeIds],
    );
  }
}
