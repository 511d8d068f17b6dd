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
import type { Page } from '../common/pagination/page';
import { managesSite, PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { DomainEvents } from '../common/events/domain-events.service';
import { SitesService } from '../sites/sites.service';
import { absenceMachine, AbsenceState } from './absence.state-machine';
import { absenceOutboxEvent } from './absence-events';
import { absenceOverlaps, AbsenceTermAssessment, classifyAbsence, lastDayOf, londonDate } from './absence-term';
import { AbsenceRepository } from './absence.repository';
import { AbsenceListQuery, AbsenceTransitionRequest, RecordAbsenceRequest } from './dto/absence.dto';
import { Absence } from './entities/absence.entity';
import { AbsenceTransition } from './entities/absence-transition.entity';

export type AbsenceTerm = AbsenceTermAssessment & { shortTermMaxDays: number };

/**
 * Absences of peer workers and coordinators: recording, the planned → active → ended lifecycle (or
 * cancelled; a planned absence starts by itself on its start date, AbsenceReminders), and short/long-term
 * classification by the site’s threshold. Who is away when: AbsenceAvailability; reserve induction is the
 * workforce’s (InductionService), so activating a reserve has one guard.
 */
@Injectable()
export class AbsenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: AbsenceRepository,
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
      await this.records.lockSubject((peerWorkerId ?? userId)!, manager);
      const existing = await this.records.ofSubject(peerWorkerId, userId, manager);
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
            absenceOutboxEvent(
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
    // Coordinators see their sites' absences; anyone else sees only their own (as the person or their peer worker record).
    const page = await this.records.list(
      isAdmin(actor)
        ? { managedSiteIds: null, selfUserId: actor.id, selfPeerWorkerId: null }
        : {
            managedSiteIds: hasRole(actor, Role.Coordinator) ? actor.siteIds : [],
            selfUserId: actor.id,
            selfPeerWorkerId: (await this.peerWorkers.findByUserId(actor.id))?.id ?? null,
          },
      query,
    );
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
    return this.records.transitionsOf(id);
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
      const absence = await this.records.lockForUpdate(id, manager);
      if (!absence) throw new RecordNotFoundError('Absence', id);
      const endedOn = request.to === 'ended' ? (request.endedOn ?? null) : null;
      return this.move(manager, actor, absence, request.to, request.reason, endedOn, today);
    });
  }

  /**
   * The start date of a planned absence has come (the absence-start job, AbsenceReminders): it starts as if the
   * coordinator had started it, and cover follows (an absence starting without confirmed cover puts its episodes
   * on the coordinator's queue). Re-reads the record: one cancelled, already started or not yet due is left alone.
   */
  async startWhenDue(actor: Actor, id: string): Promise<Absence | null> {
    const today = londonDate(new Date());
    return this.dataSource.transaction(async (manager) => {
      const absence = await this.records.lockForUpdate(id, manager);
      if (!absence || absence.state !== 'planned' || absence.startsOn > today) return null;
      const reason = `Planned absence started on its start date (${absence.startsOn})`;
      return this.move(manager, actor, absence, 'active', reason, null, today);
    });
  }

  /** One move through the transition table, recorded (who, when, why), audited and announced (absence.changed). */
  private async move(
    manager: EntityManager,
    actor: Actor,
    absence: Absence,
    to: AbsenceState,
    reason: string,
    endedOn: string | null,
    today: string,
  ): Promise<Absence> {
    const from = absence.state;
    absenceMachine.assert(from, to, { today, startsOn: absence.startsOn, endedOn });
    absence.state = to;
    if (to === 'ended') absence.endedOn = endedOn;
    const saved = await manager.save(absence);
    await manager.insert(AbsenceTransition, {
      absenceId: absence.id,
      fromState: from,
      toState: to,
      actorId: actor.id,
      reason,
    });
    await this.audit.record(
      { actor, action: 'absence.transition', resourceType: 'absence', resourceId: absence.id, details: { from, to } },
      manager,
    );
    const type = {
      planned: 'absence.planned',
      active: 'absence.started',
      ended: 'absence.ended',
      cancelled: 'absence.cancelled',
    }[to];
    await this.events.emit(
      manager,
      actor,
      'absence.changed',
      { absence: saved, change: 'transition', from },
      { outbox: [absenceOutboxEvent(saved, type, await this.termOf(saved, today, manager))] },
    );
    return saved;
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
      const absence = await this.records.lockForUpdate(id, manager);
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
      const event = absenceOutboxEvent(saved, 'absence.extended', after);
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

  /** An absence by id with no caller scope (for cover planning, which checks its own access). */
  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<Absence> {
    const absence = await this.records.findById(id, manager);
    if (!absence) throw new RecordNotFoundError('Absence', id);
    return absence;
  }

  /** Locks the absence in the caller's transaction (cover confirms one plan at a time per absence). */
  async lockForUpdate(manager: EntityManager, id: string): Promise<Absence> {
    const absence = await this.records.lockForUpdate(id, manager);
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

  /** Visible to the site's coordinators (and admins) and to the absent person; otherwise 404. */
  private async findVisible(actor: Actor, id: string): Promise<Absence> {
    const absence = await this.records.findById(id);
    if (absence && (managesSite(actor, absence.siteId) || absence.userId === actor.id)) return absence;
    if (absence?.peerWorkerId) {
      const worker = await this.peerWorkers.findById(absence.peerWorkerId);
      if (worker.userId === actor.id) return absence;
    }
    throw new RecordNotFoundError('Absence', id);
  }
}
