import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Page, paginateByCreation } from '../common/pagination/page';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import type { AbsenceListQuery } from './dto/absence.dto';
import { Absence } from './entities/absence.entity';
import { AbsenceTransition } from './entities/absence-transition.entity';

/** Who is listing absences: coordinators see their sites' absences; anyone else only their own. */
export interface AbsenceListScope {
  /** null: an admin, who sees every site. */
  managedSiteIds: string[] | null;
  selfUserId: string;
  /** The caller's own peer worker record, when they have one. */
  selfPeerWorkerId: string | null;
}

/** Every query of the absence area: absences and their transitions. */
@Injectable()
export class AbsenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Serialises absences of one person (peer worker or user) in the caller's transaction: no two overlapping records. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async lockSubject(subjectId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`absence:${subjectId}`]);
  }

  /** The absence, row-locked for the caller's transaction (a move, or one cover confirmation at a time). */
  @GenerateSql({ params: [DummyValue.UUID] })
  lockForUpdate(id: string, manager: EntityManager = this.dataSource.manager): Promise<Absence | null> {
    return manager.findOne(Absence, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<Absence | null> {
    return manager.getRepository(Absence).findOneBy({ id });
  }

  /** The absences (not cancelled) of a peer worker, or of a coordinator or deputy (by user). */
  @GenerateSql(
    { name: 'peer worker', params: [DummyValue.UUID, null] },
    { name: 'coordinator', params: [null, DummyValue.UUID2] },
  )
  ofSubject(
    peerWorkerId: string | null,
    userId: string | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Absence[]> {
    const qb = manager.getRepository(Absence).createQueryBuilder('a').where("a.state <> 'cancelled'");
    if (peerWorkerId) qb.andWhere('a.peerWorkerId = :peerWorkerId', { peerWorkerId });
    else qb.andWhere("a.subject = 'coordinator' AND a.userId = :userId", { userId });
    return qb.getMany();
  }

  /** GET /absences: a page of the absences the scope sees, oldest first. */
  @GenerateSql(
    {
      name: 'admin',
      params: [{ managedSiteIds: null, selfUserId: DummyValue.UUID, selfPeerWorkerId: null }, { limit: 50 }],
    },
    {
      name: 'coordinator, by state',
      params: [
        { managedSiteIds: [DummyValue.UUID], selfUserId: DummyValue.UUID2, selfPeerWorkerId: null },
        { state: 'active', limit: 20 },
      ],
    },
  )
  list(
    scope: AbsenceListScope,
    filter: AbsenceListQuery,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Page<Absence>> {
    const qb = manager.getRepository(Absence).createQueryBuilder('a');
    if (scope.managedSiteIds !== null) {
      qb.where('(a.siteId = ANY(:managed) OR a.userId = :self OR a.peerWorkerId = :ownPeerWorkerId)', {
        managed: scope.managedSiteIds,
        self: scope.selfUserId,
        ownPeerWorkerId: scope.selfPeerWorkerId,
      });
    }
    if (filter.siteId) qb.andWhere('a.siteId = :siteId', { siteId: filter.siteId });
    if (filter.peerWorkerId) qb.andWhere('a.peerWorkerId = :peerWorkerId', { peerWorkerId: filter.peerWorkerId });
    if (filter.state) qb.andWhere('a.state = :state', { state: filter.state });
    return paginateByCreation(qb, 'a', filter);
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  transitionsOf(absenceId: string, manager: EntityManager = this.dataSource.manager): Promise<AbsenceTransition[]> {
    return manager
      .getRepository(AbsenceTransition)
      .find({ where: { absenceId }, order: { occurredAt: 'ASC', createdAt: 'ASC' } });
  }

  /**
   * Absences (not cancelled) of a person that start by `toDay`: the candidates for "absent on a day of [from, to]".
   * `subjectId` is a peer worker id or a user id. The end is compared in code: one still running past its
   * expected end (or open-ended) has no end SQL could compare.
   */
  @GenerateSql({ params: [DummyValue.UUID, DummyValue.DAY] })
  ofPersonStartingBy(
    subjectId: string,
    toDay: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Absence[]> {
    return manager
      .getRepository(Absence)
      .createQueryBuilder('a')
      .where('(a.peerWorkerId = :subjectId OR a.userId = :subjectId)', { subjectId })
      .andWhere("a.state <> 'cancelled' AND a.startsOn <= :toDay", { toDay })
      .getMany();
  }

  /** Peer worker absences (not cancelled) of a site, or of these peer workers, that start by `toDay`, earliest first. */
  @GenerateSql(
    { name: 'of a site', params: [{ siteId: DummyValue.UUID }, DummyValue.DAY] },
    { name: 'of peer workers', params: [{ peerWorkerIds: [DummyValue.UUID, DummyValue.UUID2] }, DummyValue.DAY] },
  )
  peerWorkerAbsencesStartingBy(
    who: { siteId: string } | { peerWorkerIds: readonly string[] },
    toDay: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Absence[]> {
    const qb = manager.getRepository(Absence).createQueryBuilder('a');
    if ('siteId' in who) qb.where("a.siteId = :siteId AND a.subject = 'peer_worker'", { siteId: who.siteId });
    else qb.where('a.peerWorkerId = ANY(:ids)', { ids: who.peerWorkerIds });
    return qb
      .andWhere("a.state <> 'cancelled' AND a.startsOn <= :toDay", { toDay })
      .orderBy('a.startsOn', 'ASC')
      .getMany();
  }
}
