import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, hasRole, isAdmin } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import {
  AccessDeniedError,
  ConflictError,
  RecordNotFoundError,
  UnprocessableError,
} from '../common/errors/domain-errors';
import { assertVersion } from '../common/http/etag';
import { Page, paginateByCreation } from '../common/pagination/page';
import { PeerWorker } from '../workforce/peer-workers/entities/peer-worker.entity';
import { managesSite, PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { DomainEvents } from '../common/events/domain-events.service';
import { SitesService } from '../sites/sites.service';
import { absenceMachine, AbsenceState } from './absence.state-machine';
import { absenceOverlaps, AbsenceTermAssessment, classifyAbsence, lastDayOf, londonDate } from './absence-term';
import { AbsenceListQuery, AbsenceTransitionRequest, RecordAbsenceRequest } from './dto/absence.dto';
import { Absence } from './entities/absence.entity';
import { AbsenceTransition } from './entities/absence-transition.entity';

/** A date or instant as a Europe/London calendar date (ISO). Strings that are already dates pass through. */
export function asLondonDate(value: Date | string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return londonDate(typeof value === 'string' ? new Date(value) : value);
}

export type AbsenceTerm = AbsenceTermAssessment & { shortTermMaxDays: number };

/**
 * Absences of peer workers and coordinators: recording, the planned → active → ended lifecycle (or
 * cancelled), short/long-term classification by the site's threshold, and the availability queries
 * pairing and cover use.
 */
@Injectable()
export class AbsenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly peerWorkers: PeerWorkersService,
    private readonly sites: SitesService,
  ) {}

  async record(actor: Actor, request: RecordAbsenceRequest): Promise<Absence> {
    const today = londonDate(new Date());
    const { siteId, peerWorkerId, userId } = await this.subjectOf(actor, request, today);
    const expectedEndOn = request.expectedEndOn ?? null;
    if (expectedEndOn !== null && expectedEndOn < request.startsOn)
      throw new UnprocessableError('expectedEndOn is before startsOn', 'expectedEndOn');
    if (!request.planned && request.startsOn > today) {
      throw new UnprocessableError(
        'An unplanned absence has already begun: its start date cannot be in the future',
        'startsOn',
      );
    }
    const state: AbsenceState = request.startsOn <= today ? 'active' : 'planned';
    return this.dataSource.transaction(async (manager) => {
      // Serialise absences of one person, so two overlapping records cannot both pass the check below.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`absence:${peerWorkerId ?? userId}`]);
      const existing = await this.absencesOfSubject(manager, peerWorkerId, userId);
      const clash = existing.find((a) => absenceOverlaps(a, request.startsOn, expectedEndOn ?? '9999-12-31', today));
      if (clash)
        throw new ConflictError(
          `This overlaps absence ${clash.id} (${clash.startsOn} to ${lastDayOf(clash, today) ?? 'open-ended'}): change that one instead`,
          'overlapping_absence',
        );
      const absence = await manager.save(
        manager.create(Absence, {
          siteId,
          subject: request.subject,
          peerWorkerId,
          userId,
          kind: request.kind,
          planned: request.planned,
          startsOn: request.startsOn,
          expectedEndOn,
          endedOn: null,
          state,
          note: request.note ?? null,
          recordedById: actor.id,
        }),
      );
      await manager.insert(AbsenceTransition, {
        absenceId: absence.id,
        fromState: null,
        toState: state,
        actorId: actor.id,
        reason: request.planned ? 'Planned absence recorded' : 'Unplanned absence recorded',
      });
      await this.audit.record(
        {
          actor,
          action: 'absence.record',
          resourceType: 'absence',
          resourceId: absence.id,
          details: { subject: absence.subject, kind: absence.kind, state },
        },
        manager,
      );
      await this.events.emit(
        manager,
        actor,
        'absence.changed',
        { absence, change: 'recorded', from: null },
        {
          outbox: [
            this.event(
              absence,
              state === 'active' ? 'absence.started' : 'absence.planned',
              await this.termOf(absence, today, manager),
            ),
          ],
        },
      );
      return absence;
    });
  }

  async list(actor: Actor, query: AbsenceListQuery): Promise<Page<Absence>> {
    const qb = this.dataSource.getRepository(Absence).createQueryBuilder('a');
    if (!isAdmin(actor)) {
      // Coordinators see their sites' absences; anyone else sees only their own.
      const managed = hasRole(actor, Role.Coordinator) ? actor.siteIds : [];
      qb.leftJoin(PeerWorker, 'pw', 'pw.id = a.peerWorkerId').where(
        '(a.siteId = ANY(:managed) OR a.userId = :self OR pw.userId = :self)',
        { managed, self: actor.id },
      );
    }
    if (query.siteId) qb.andWhere('a.siteId = :siteId', { siteId: query.siteId });
    if (query.peerWorkerId) qb.andWhere('a.peerWorkerId = :peerWorkerId', { peerWorkerId: query.peerWorkerId });
    if (query.state) qb.andWhere('a.state = :state', { state: query.state });
    const page = await paginateByCreation(qb, 'a', query);
    await this.audit.recordList(
      actor,
      'absence',
      page.items.map((a) => a.id),
    );
    return page;
  }

  async get(actor: Actor, id: string): Promise<Absence> {
    const absence = await this.findVisible(actor, id);
    await this.audit.record({ actor, action: 'absence.read', resourceType: 'absence', resourceId: id });
    return absence;
  }

  async history(actor: Actor, id: string): Promise<AbsenceTransition[]> {
    await this.findVisible(actor, id);
    await this.audit.record({ actor, action: 'absence.history', resourceType: 'absence', resourceId: id });
    return this.dataSource
      .getRepository(AbsenceTransition)
      .find({ where: { absenceId: id }, order: { occurredAt: 'ASC', createdAt: 'ASC' } });
  }

  /**
   * Move an absence: start it, end it (with the last day of absence) or cancel it while still planned.
   * The coordinator does any of these; a peer worker may cancel their own planned leave.
   */
  async transition(actor: Actor, id: string, request: AbsenceTransitionRequest): Promise<Absence> {
    const visible = await this.findVisible(actor, id);
    if (!managesSite(actor, visible.siteId) && request.to !== 'cancelled') {
      throw new AccessDeniedError(
        'Only the coordinator starts or ends an absence; you may cancel your own planned leave',
      );
    }
    const today = londonDate(new Date());
    return this.dataSource.transaction(async (manager) => {
      const absence = await manager.findOne(Absence, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!absence) throw new RecordNotFoundError('Absence', id);
      const from = absence.state;
      const endedOn = request.to === 'ended' ? (request.endedOn ?? null) : null;
      absenceMachine.assert(from, request.to, { today, startsOn: absence.startsOn, endedOn });
      absence.state = request.to;
      if (request.to === 'ended') absence.endedOn = endedOn;
      const saved = await manager.save(absence);
      await manager.insert(AbsenceTransition, {
        absenceId: id,
        fromState: from,
        toState: request.to,
        actorId: actor.id,
        reason: request.reason,
      });
      await this.audit.record(
        {
          actor,
          action: 'absence.transition',
          resourceType: 'absence',
          resourceId: id,
          details: { from, to: request.to },
        },
        manager,
      );
      const type = { active: 'absence.started', ended: 'absence.ended', cancelled: 'absence.cancelled' }[request.to];
      await this.events.emit(
        manager,
        actor,
        'absence.changed',
        { absence: saved, change: 'transition', from },
        { outbox: [this.event(saved, type, await this.termOf(saved, today, manager))] },
      );
      return saved;
    });
  }

  /** The expected return moves (or becomes open-ended); the classification follows. Coordinator only. */
  async changeExpectedEnd(
    actor: Actor,
    id: string,
    expectedEndOn: string | null,
    expectedVersion?: number,
  ): Promise<Absence> {
    const visible = await this.findVisible(actor, id);
    if (!managesSite(actor, visible.siteId))
      throw new AccessDeniedError('Only the coordinator changes the expected end of an absence');
    const today = londonDate(new Date());
    return this.dataSource.transaction(async (manager) => {
      const absence = await manager.findOne(Absence, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!absence) throw new RecordNotFoundError('Absence', id);
      assertVersion('Absence', expectedVersion, absence.version);
      if (absence.state === 'ended' || absence.state === 'cancelled')
        throw new ConflictError(`An absence that is ${absence.state} keeps its dates`, 'absence_closed');
      if (expectedEndOn !== null && expectedEndOn < absence.startsOn)
        throw new UnprocessableError('expectedEndOn is before startsOn', 'expectedEndOn');
      const before = await this.termOf(absence, today, manager);
      absence.expectedEndOn = expectedEndOn;
      const saved = await manager.save(absence);
      const after = await this.termOf(saved, today, manager);
      await this.audit.record(
        {
          actor,
          action: 'absence.expected_end',
          resourceType: 'absence',
          resourceId: id,
          details: { expectedEndOn, term: after.term },
        },
        manager,
      );
      // Cover may need re-planning (a short-term absence that became long-term brings in a reserve).
      const event = this.event(saved, 'absence.extended', after);
      await this.events.emit(
        manager,
        actor,
        'absence.changed',
        { absence: saved, change: 'expected_end', from: saved.state },
        {
          outbox: [{ ...event, payload: { ...event.payload, previousTerm: before.term } }],
        },
      );
      return saved;
    });
  }

  /** Short- or long-term, by the site's threshold (shortTermAbsenceMaxDays), as of `at`. */
  async termOf(
    absence: Absence,
    today: string = londonDate(new Date()),
    manager?: EntityManager,
  ): Promise<AbsenceTerm> {
    const { shortTermAbsenceMaxDays } = await this.sites.settingsOf(absence.siteId, manager);
    return { ...classifyAbsence(absence, shortTermAbsenceMaxDays, today), shortTermMaxDays: shortTermAbsenceMaxDays };
  }

  // ---- Availability, for pairing suggestions, cover and support routing (no caller scope) ----

  /**
   * Whether a person is absent on any day of [from, to] (inclusive; instants are read as Europe/London dates).
   * `subjectId` is a peer worker id or a user id (the coordinator, deputy or a peer worker's account).
   */
  async isAbsent(subjectId: string, from: Date | string, to: Date | string = from): Promise<boolean> {
    const [fromDay, toDay, today] = [asLondonDate(from), asLondonDate(to), londonDate(new Date())];
    const rows = await this.dataSource
      .getRepository(Absence)
      .createQueryBuilder('a')
      .where('(a.peerWorkerId = :subjectId OR a.userId = :subjectId)', { subjectId })
      .andWhere("a.state <> 'cancelled' AND a.startsOn <= :toDay", { toDay })
      .getMany();
    return rows.some((a) => absenceOverlaps(a, fromDay, toDay, today));
  }

  /** Peer workers of the site absent on any day of [from, to]. */
  async absentPeerWorkerIds(siteId: string, from: Date | string, to: Date | string = from): Promise<string[]> {
    const absences = await this.peerWorkerAbsencesOverlapping(siteId, from, to);
    return [...new Set(absences.map((a) => a.peerWorkerId!))];
  }

  /** The peer worker absences (not cancelled) of a site touching [from, to]. */
  peerWorkerAbsencesOverlapping(siteId: string, from: Date | string, to: Date | string = from): Promise<Absence[]> {
    return this.peerWorkerAbsencesTouching(
      { sql: "a.siteId = :siteId AND a.subject = 'peer_worker'", params: { siteId } },
      from,
      to,
    );
  }

  /** Absences (not cancelled) of these peer workers touching [from, to]: for pairing and cover availability. */
  peerWorkerAbsencesOf(
    peerWorkerIds: readonly string[],
    from: Date | string,
    to: Date | string = from,
  ): Promise<Absence[]> {
    return this.peerWorkerAbsencesTouching(
      { sql: 'a.peerWorkerId = ANY(:ids)', params: { ids: peerWorkerIds } },
      from,
      to,
    );
  }

  private async peerWorkerAbsencesTouching(
    who: { sql: string; params: Record<string, unknown> },
    from: Date | string,
    to: Date | string,
  ): Promise<Absence[]> {
    const [fromDay, toDay, today] = [asLondonDate(from), asLondonDate(to), londonDate(new Date())];
    const rows = await this.dataSource
      .getRepository(Absence)
      .createQueryBuilder('a')
      .where(who.sql, who.params)
      .andWhere("a.state <> 'cancelled' AND a.startsOn <= :toDay", { toDay })
      .orderBy('a.startsOn', 'ASC')
      .getMany();
    // An absence still running past its expected end (or open-ended) has no end to compare in SQL.
    return rows.filter((a) => absenceOverlaps(a, fromDay, toDay, today));
  }

  /** An absence by id with no caller scope (for cover planning, which checks its own access). */
  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<Absence> {
    const absence = await manager.getRepository(Absence).findOneBy({ id });
    if (!absence) throw new RecordNotFoundError('Absence', id);
    return absence;
  }

  // ---- internals ----

  private async subjectOf(
    actor: Actor,
    request: RecordAbsenceRequest,
    today: string,
  ): Promise<{ siteId: string; peerWorkerId: string | null; userId: string | null }> {
    if (request.subject === 'peer_worker') {
      if (!request.peerWorkerId)
        throw new UnprocessableError('A peer worker absence names the peer worker', 'peerWorkerId');
      if (request.userId)
        throw new UnprocessableError(
          'userId is for a coordinator absence; a peer worker absence names peerWorkerId',
          'userId',
        );
      const worker = await this.peerWorkers.findVisible(actor, request.peerWorkerId);
      if (request.siteId && request.siteId !== worker.siteId)
        throw new UnprocessableError('siteId is not the peer worker’s site', 'siteId');
      if (!managesSite(actor, worker.siteId)) {
        // The peer worker themselves: their own planned leave only; sickness is reported to the coordinator.
        if (!request.planned || request.kind === 'sickness')
          throw new AccessDeniedError(
            'You may record your own planned leave; the coordinator records sickness and unplanned absence',
          );
        if (request.startsOn < today) throw new UnprocessableError('Planned leave starts today or later', 'startsOn');
      }
      return { siteId: worker.siteId, peerWorkerId: worker.id, userId: worker.userId };
    }
    if (!request.userId)
      throw new UnprocessableError('A coordinator absence names the user (coordinator or deputy)', 'userId');
    if (request.peerWorkerId) throw new UnprocessableError('peerWorkerId is for a peer worker absence', 'peerWorkerId');
    if (!request.siteId) throw new UnprocessableError('A coordinator absence names the site', 'siteId');
    await this.sites.get(actor, request.siteId);
    if (!managesSite(actor, request.siteId)) throw new RecordNotFoundError('Site', request.siteId);
    const named = await this.peerWorkers.siteCoordinatorOf(request.siteId);
    if (!named || (named.coordinatorUserId !== request.userId && named.deputyUserId !== request.userId)) {
      throw new UnprocessableError('userId must be the named coordinator or deputy of the site', 'userId');
    }
    return { siteId: request.siteId, peerWorkerId: null, userId: request.userId };
  }

  private async absencesOfSubject(
    manager: EntityManager,
    peerWorkerId: string | null,
    userId: string | null,
  ): Promise<Absence[]> {
    const qb = manager.getRepository(Absence).createQueryBuilder('a').where("a.state <> 'cancelled'");
    if (peerWorkerId) qb.andWhere('a.peerWorkerId = :peerWorkerId', { peerWorkerId });
    else qb.andWhere("a.subject = 'coordinator' AND a.userId = :userId", { userId });
    return qb.getMany();
  }

  /** Visible to the site's coordinators (and admins) and to the absent person; otherwise 404. */
  private async findVisible(actor: Actor, id: string): Promise<Absence> {
    const absence = await this.dataSource.getRepository(Absence).findOneBy({ id });
    if (absence && (managesSite(actor, absence.siteId) || absence.userId === actor.id)) return absence;
    if (absence?.peerWorkerId) {
      const worker = await this.peerWorkers.findById(absence.peerWorkerId);
      if (worker.userId === actor.id) return absence;
    }
    throw new RecordNotFoundError('Absence', id);
  }

  private event(absence: Absence, type: string, term: AbsenceTerm) {
    return {
      type,
      aggregateType: 'absence',
      aggregateId: absence.id,
      payload: {
        absenceId: absence.id,
        siteId: absence.siteId,
        subject: absence.subject,
        peerWorkerId: absence.peerWorkerId,
        userId: absence.userId,
        kind: absence.kind,
        planned: absence.planned,
        startsOn: absence.startsOn,
        expectedEndOn: absence.expectedEndOn,
        endedOn: absence.endedOn,
        term: term.term,
      },
    };
  }
}
