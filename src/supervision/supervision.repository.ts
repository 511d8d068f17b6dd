import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { GroupSupervisionAttendance } from './entities/group-supervision-attendance.entity';
import { GroupSupervisionSession } from './entities/group-supervision-session.entity';
import { IndividualSupervisionSession } from './entities/individual-supervision-session.entity';
import { SupervisionConcern } from './entities/supervision-concern.entity';

/** Queries of supervision that aggregate or order beyond a plain find (the plain finds are still in the services). */
@Injectable()
export class SupervisionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Each peer worker's last group supervision attended, as a London date (workers with none are absent). */
  @GenerateSql({ params: [[DummyValue.UUID, DummyValue.UUID2]] })
  async lastGroupSupervision(
    peerWorkerIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    const rows = await manager
      .getRepository(GroupSupervisionAttendance)
      .createQueryBuilder('a')
      .innerJoin(GroupSupervisionSession, 's', 's.id = a.sessionId')
      .select('a.peerWorkerId', 'peerWorkerId')
      .addSelect("to_char(max(s.heldOn), 'YYYY-MM-DD')", 'lastHeldOn')
      .where('a.peerWorkerId = ANY(:ids)', { ids: peerWorkerIds })
      .groupBy('a.peerWorkerId')
      .getRawMany<{ peerWorkerId: string; lastHeldOn: string }>();
    return new Map(rows.map((r) => [r.peerWorkerId, r.lastHeldOn]));
  }

  /** Each peer worker's last individual supervision held (workers with none are absent). */
  @GenerateSql({ params: [[DummyValue.UUID, DummyValue.UUID2]] })
  async lastIndividualSupervision(
    peerWorkerIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    const rows = await manager
      .getRepository(IndividualSupervisionSession)
      .createQueryBuilder('s')
      .select('s.peerWorkerId', 'peerWorkerId')
      .addSelect("to_char(max(s.heldOn), 'YYYY-MM-DD')", 'lastHeldOn')
      .where('s.peerWorkerId = ANY(:ids)', { ids: peerWorkerIds })
      .groupBy('s.peerWorkerId')
      .getRawMany<{ peerWorkerId: string; lastHeldOn: string }>();
    return new Map(rows.map((r) => [r.peerWorkerId, r.lastHeldOn]));
  }

  /** The coordinator's queue: risk first, then safety, then the rest, oldest first within each (at most 500). */
  @GenerateSql({ params: [DummyValue.UUID, 'open'] })
  coordinatorQueue(
    siteId: string,
    state: 'open' | 'resolved',
    manager: EntityManager = this.dataSource.manager,
  ): Promise<SupervisionConcern[]> {
    return manager
      .getRepository(SupervisionConcern)
      .createQueryBuilder('c')
      .where('c.siteId = :siteId AND c.state = :state', { siteId, state })
      .orderBy("CASE c.category WHEN 'risk' THEN 0 WHEN 'safety' THEN 1 ELSE 2 END", 'ASC')
      .addOrderBy('c.createdAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(500)
      .getMany();
  }
}
