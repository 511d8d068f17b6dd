import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { CoverArrangement } from './entities/cover-arrangement.entity';
import type { HandoverDirection } from './entities/handover-note.entity';
import { HandoverNote } from './entities/handover-note.entity';

/** Every query of the cover area: cover arrangements and handover notes. */
@Injectable()
export class CoverRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @GenerateSql({ params: [DummyValue.UUID] })
  findArrangement(id: string, manager: EntityManager = this.dataSource.manager): Promise<CoverArrangement | null> {
    return manager.getRepository(CoverArrangement).findOneBy({ id });
  }

  /** The arrangements of an absence (active only, when asked), in the order they were confirmed. */
  @GenerateSql({ name: 'all', params: [DummyValue.UUID, false] }, { name: 'active', params: [DummyValue.UUID, true] })
  arrangementsOfAbsence(
    absenceId: string,
    activeOnly: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CoverArrangement[]> {
    return manager.find(CoverArrangement, {
      where: { absenceId, ...(activeOnly ? { state: 'active' as const } : {}) },
      order: { createdAt: 'ASC' },
    });
  }

  /** The active arrangements (of any absence) that look after an episode. */
  @GenerateSql({ params: [DummyValue.UUID] })
  activeArrangementsOfEpisode(
    episodeId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CoverArrangement[]> {
    return manager.find(CoverArrangement, { where: { episodeId, state: 'active' } });
  }

  /**
   * Whether the peer worker covers (or took over) the episode under an arrangement whose handover they have not
   * acknowledged, or that nobody has written yet: the handover gate of the meeting rules.
   */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.UUID2] })
  async handoverAwaited(
    episodeId: string,
    peerWorkerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const [row] = await manager.query<Array<{ waiting: boolean }>>(
      `SELECT EXISTS (
         SELECT 1 FROM cover_arrangements a
          WHERE a.episode_id = $1 AND a.covering_peer_worker_id = $2
            AND (a.state = 'active' OR a.arrangement = 'repair')
            AND NOT EXISTS (SELECT 1 FROM handover_notes n WHERE n.arrangement_id = a.id AND n.direction = 'handover' AND n.acknowledged_at IS NOT NULL)
       ) AS waiting`,
      [episodeId, peerWorkerId],
    );
    return row.waiting;
  }

  /** The handover and hand-back notes of these arrangements. */
  @GenerateSql({ params: [[DummyValue.UUID, DummyValue.UUID2]] })
  notesOfArrangements(
    arrangementIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<HandoverNote[]> {
    if (arrangementIds.length === 0) return Promise.resolve([]);
    return manager.getRepository(HandoverNote).findBy({ arrangementId: In([...arrangementIds]) });
  }

  /** An arrangement's notes, oldest first. */
  @GenerateSql({ params: [DummyValue.UUID] })
  notesOf(arrangementId: string, manager: EntityManager = this.dataSource.manager): Promise<HandoverNote[]> {
    return manager.getRepository(HandoverNote).find({ where: { arrangementId }, order: { createdAt: 'ASC' } });
  }

  /** The arrangement's note in one direction (there is at most one of each). */
  @GenerateSql({ params: [DummyValue.UUID, 'handover'] })
  noteOf(
    arrangementId: string,
    direction: HandoverDirection,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<HandoverNote | null> {
    return manager.getRepository(HandoverNote).findOneBy({ arrangementId, direction });
  }

  /** The note, row-locked for the caller's transaction (its acknowledgement). */
  @GenerateSql({ params: [DummyValue.UUID] })
  lockNote(id: string, manager: EntityManager = this.dataSource.manager): Promise<HandoverNote | null> {
    return manager.findOne(HandoverNote, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}
