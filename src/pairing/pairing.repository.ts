import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import type { SupportEpisodeState } from '../episodes/support-episode.state-machine';
import { Pairing, type PairingKind } from './entities/pairing.entity';

export interface CaseloadRow {
  episode_id: string;
  state: SupportEpisodeState;
  service_user_id: string;
  given_name: string;
  family_name: string;
  kind: PairingKind;
  started_at: Date;
  discharged_on: string | null;
}

/** Queries of pairing that join episodes and service users, and the plain reads of pairings the services share. */
@Injectable()
export class PairingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Episodes (and their service users) a user's peer worker record is paired to: every primary pairing
   * ever, and cover pairings only while they run.
   */
  @GenerateSql({ params: [DummyValue.UUID] })
  pairedRecordsOfUser(
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ episode_id: string; service_user_id: string }[]> {
    return manager.query(
      `SELECT DISTINCT p.episode_id, e.service_user_id
         FROM pairings p
         JOIN peer_workers pw ON pw.id = p.peer_worker_id
         JOIN support_episodes e ON e.id = p.episode_id
        WHERE pw.user_id = $1 AND (p.kind = 'primary' OR (p.ended_at IS NULL AND p.started_at <= now()))`,
      [userId],
    );
  }

  /** A peer worker's open pairings on episodes not ended, oldest pairing first. */
  @GenerateSql({ params: [DummyValue.UUID] })
  caseloadOf(peerWorkerId: string, manager: EntityManager = this.dataSource.manager): Promise<CaseloadRow[]> {
    return manager.query(
      `SELECT e.id AS episode_id, e.state, e.service_user_id, su.given_name, su.family_name, p.kind, p.started_at, e.discharged_on::text AS discharged_on
         FROM pairings p
         JOIN support_episodes e ON e.id = p.episode_id
         JOIN service_users su ON su.id = e.service_user_id
        WHERE p.peer_worker_id = $1 AND p.ended_at IS NULL AND e.state <> 'ended'
        ORDER BY p.started_at, p.id`,
      [peerWorkerId],
    );
  }

  /**
   * The open episodes a peer worker supports (as primary, or covering a colleague) through a pairing not ended,
   * oldest pairing first: the caseload absence cover has to arrange.
   */
  @GenerateSql({ params: [DummyValue.UUID] })
  async openEpisodeIdsOf(peerWorkerId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { episode_id: string }[] = await manager.query(
      `SELECT p.episode_id FROM pairings p JOIN support_episodes e ON e.id = p.episode_id
        WHERE p.peer_worker_id = $1 AND p.ended_at IS NULL AND e.state <> 'ended'
        GROUP BY p.episode_id ORDER BY min(p.started_at), p.episode_id`,
      [peerWorkerId],
    );
    return rows.map((r) => r.episode_id);
  }

  /**
   * A primary or cover pairing of the peer worker on the episode whose period contains `at`. Hand-written: it runs
   * on every meeting written, and TypeORM's query building was most of its cost in the write benchmarks.
   */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.UUID2, DummyValue.DATE] })
  async supportsAt(
    episodeId: string,
    peerWorkerId: string,
    at: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const [row] = await manager.query<{ supports: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM pairings WHERE episode_id = $1 AND peer_worker_id = $2 AND started_at <= $3
                                              AND (ended_at IS NULL OR ended_at > $3)) AS supports`,
      [episodeId, peerWorkerId, at],
    );
    return row.supports;
  }

  /** Whether the peer worker holds a pairing on the episode not yet ended (of `kind`, when given). */
  holdsOpenPairing(
    episodeId: string,
    peerWorkerId: string,
    kind?: PairingKind,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    return manager
      .getRepository(Pairing)
      .existsBy({ episodeId, peerWorkerId, endedAt: IsNull(), ...(kind ? { kind } : {}) });
  }

  /** The episode's pairings not ended: its primary and whoever covers. */
  openPairingsOf(episodeId: string, manager: EntityManager = this.dataSource.manager): Promise<Pairing[]> {
    return manager.getRepository(Pairing).findBy({ episodeId, endedAt: IsNull() });
  }

  /**
   * Open episodes each peer worker holds now, primary or cover: what counts against the caseload cap (workers
   * with none are absent). An ended episode stops counting even though its last pairing row stays open in the history.
   */
  @GenerateSql({ params: [[DummyValue.UUID, DummyValue.UUID2]] })
  async caseloadCounts(
    peerWorkerIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, number>> {
    if (peerWorkerIds.length === 0) return new Map();
    const rows: { peer_worker_id: string; n: number }[] = await manager.query(
      `SELECT p.peer_worker_id, count(DISTINCT p.episode_id)::int AS n
         FROM pairings p JOIN support_episodes e ON e.id = p.episode_id
        WHERE p.peer_worker_id = ANY($1::uuid[]) AND p.ended_at IS NULL AND e.state <> 'ended'
        GROUP BY p.peer_worker_id`,
      [peerWorkerIds],
    );
    return new Map(rows.map((r) => [r.peer_worker_id, r.n]));
  }
}
