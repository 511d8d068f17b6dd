import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { londonDate } from '../absence/absence-term';
import { AbsenceAvailability } from '../absence/absence-availability';
import { SupportRouting } from '../absence/support-routing.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { RecordNotFoundError, UnprocessableError } from '../common/errors/domain-errors';
import { SupportEpisodesService } from '../episodes/support-episodes.service';
import { PeerWorkerStatus } from '../workforce/peer-workers/peer-worker-status';
import { PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { DomainEvents } from '../common/events/domain-events.service';
import { ServiceUsersService } from '../service-users/service-users.service';
import { SitesService } from '../sites/sites.service';
import { UsersService } from '../users/users.service';
import {
  ConcernSummaryResponse,
  GroupSupervisionResponse,
  IndividualSupervisionResponse,
  OverdueSupervisionResponse,
  RecordGroupSupervisionRequest,
  RecordIndividualSupervisionRequest,
} from './dto/supervision.dto';
import { GroupSupervisionAttendance } from './entities/group-supervision-attendance.entity';
import { GroupSupervisionSession } from './entities/group-supervision-session.entity';
import { IndividualSupervisionSession } from './entities/individual-supervision-session.entity';
import { ActionStatus, SupervisionAction } from './entities/supervision-action.entity';
import { SupervisionConcern } from './entities/supervision-concern.entity';
import { identifyingDetailsIn } from './identifying-details';
import { supervisionDue } from './supervision-due';
import { SupervisionRepository } from './supervision.repository';

/** Peer workers whose supervision is tracked: those holding (or covering) a caseload. */
const SUPERVISED_STATUSES = [PeerWorkerStatus.Active] as const;

const concernSummary = (c: SupervisionConcern): ConcernSummaryResponse => ({
  id: c.id,
  category: c.category,
  summary: c.summary,
  episodeId: c.episodeId,
  state: c.state,
});

/** The daily digest's view of overdue supervision (wired by the scheduling area). */
export interface OverdueSupervisionSource {
  overdueFor(siteId: string, now: Date): Promise<OverdueSupervisionResponse[]>;
}

/**
 * Group and individual supervision (handbook 11.1, 11.2): records, agreed actions and their follow-up,
 * risk/safety/handover items for the coordinator's queue, and overdue detection by the site's frequencies.
 */
@Injectable()
export class SupervisionService implements OverdueSupervisionSource {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly routing: SupportRouting,
    private readonly absences: AbsenceAvailability,
    private readonly peerWorkers: PeerWorkersService,
    private readonly episodes: SupportEpisodesService,
    private readonly serviceUsers: ServiceUsersService,
    private readonly sites: SitesService,
    private readonly users: UsersService,
    private readonly supervision: SupervisionRepository,
  ) {}

  // ---- Group supervision ----

  async recordGroup(actor: Actor, request: RecordGroupSupervisionRequest): Promise<GroupSupervisionResponse> {
    await this.sites.get(actor, request.siteId);
    await this.assertActsForCoordinator(actor, request.siteId);
    this.assertNotFuture(request.heldOn, 'heldOn');
    const facilitatorUserId = request.facilitatorUserId ?? actor.id;
    if (request.facilitatorUserId)
      await this.assertUserOfSite(request.facilitatorUserId, request.siteId, 'facilitatorUserId');
    for (const [index, id] of request.attendeePeerWorkerIds.entries()) {
      const worker = await this.peerWorkers.findById(id).catch(() => null);
      if (!worker || worker.siteId !== request.siteId)
        throw new UnprocessableError(
          'Every attendee must be a peer worker of the site',
          `attendeePeerWorkerIds[${index}]`,
        );
    }
    await this.assertNoServiceUserDetails(request.siteId, [
      ...request.themes.map((text, i) => [`themes[${i}]`, text] as const),
      ['notes', request.notes ?? ''] as const,
      ...(request.concerns ?? []).map((c, i) => [`concerns[${i}].summary`, c.summary] as const),
    ]);
    return this.dataSource.transaction(async (manager) => {
      const session = await manager.save(
        manager.create(GroupSupervisionSession, {
          siteId: request.siteId,
          heldOn: request.heldOn,
          facilitatorUserId,
          themes: request.themes,
          notes: request.notes ?? null,
          recordedById: actor.id,
        }),
      );
      await manager.insert(
        GroupSupervisionAttendance,
        request.attendeePeerWorkerIds.map((peerWorkerId) => ({ sessionId: session.id, peerWorkerId })),
      );
      const concerns = await this.saveConcerns(
        manager,
        actor,
        (request.concerns ?? []).map((c) => ({
          ...c,
          siteId: request.siteId,
          raisedIn: 'group' as const,
          groupSessionId: session.id,
          individualSessionId: null,
          peerWorkerId: null,
          episodeId: null,
          serviceUserId: null,
        })),
      );
      await this.audit.record(
        {
          actor,
          action: 'supervision.group.record',
          resourceType: 'group_supervision_session',
          resourceId: session.id,
          details: { attendees: request.attendeePeerWorkerIds.length },
        },
        manager,
      );
      await this.events.emit(
        manager,
        actor,
        'supervision.recorded',
        { kind: 'group', session, peerWorkerIds: request.attendeePeerWorkerIds },
        {
          outbox: [
            {
              type: 'supervision.recorded',
              aggregateType: 'group_supervision_session',
              aggregateId: session.id,
              payload: {
                kind: 'group',
                sessionId: session.id,
                siteId: session.siteId,
                heldOn: session.heldOn,
                peerWorkerIds: request.attendeePeerWorkerIds,
              },
            },
          ],
        },
      );
      return GroupSupervisionResponse.from(session, request.attendeePeerWorkerIds, concerns.map(concernSummary));
    });
  }

  async listGroup(actor: Actor, siteId: string): Promise<GroupSupervisionResponse[]> {
    await this.sites.get(actor, siteId);
    await this.assertActsForCoordinator(actor, siteId);
    const sessions = await this.dataSource
      .getRepository(GroupSupervisionSession)
      .find({ where: { siteId }, order: { heldOn: 'DESC', createdAt: 'DESC' }, take: 200 });
    await this.audit.recordList(
      actor,
      'group_supervision_session',
      sessions.map((s) => s.id),
    );
    return Promise.all(sessions.map((s) => this.groupResponse(s)));
  }

  async getGroup(actor: Actor, id: string): Promise<GroupSupervisionResponse> {
    const session = await this.dataSource.getRepository(GroupSupervisionSession).findOneBy({ id });
    if (!session || !(await this.routing.actsForCoordinator(actor, session.siteId)))
      throw new RecordNotFoundError('Group supervision session', id);
    await this.audit.record({
      actor,
      action: 'supervision.group.read',
      resourceType: 'group_supervision_session',
      resourceId: id,
    });
    return this.groupResponse(session);
  }

  // ---- Individual supervision ----

  async recordIndividual(
    actor: Actor,
    request: RecordIndividualSupervisionRequest,
  ): Promise<IndividualSupervisionResponse> {
    const worker = await this.peerWorkers.findById(request.peerWorkerId).catch(() => null);
    if (!worker || !(await this.routing.actsForCoordinator(actor, worker.siteId)))
      throw new RecordNotFoundError('Peer worker', request.peerWorkerId);
    this.assertNotFuture(request.heldOn, 'heldOn');
    const supervisorUserId = request.supervisorUserId ?? actor.id;
    await this.assertSupervisor(supervisorUserId, worker.siteId, request.supervisorUserId ? 'supervisorUserId' : null);
    for (const [i, action] of (request.actions ?? []).entries()) {
      if (action.dueOn < request.heldOn)
        throw new UnprocessableError('An agreed action is due on or after the session', `actions[${i}].dueOn`);
      if (action.owner === 'other' && !action.ownerName)
        throw new UnprocessableError(
          'Name the owner when it is someone other than the peer worker or supervisor',
          `actions[${i}].ownerName`,
        );
    }
    const linked = await this.linkedEpisodes(actor, worker.siteId, request);
    return this.dataSource.transaction(async (manager) => {
      const session = await manager.save(
        manager.create(IndividualSupervisionSession, {
          siteId: worker.siteId,
          peerWorkerId: worker.id,
          supervisorUserId,
          heldOn: request.heldOn,
          notes: request.notes ?? null,
          recordedById: actor.id,
        }),
      );
      const followedUp = await this.followUp(manager, session, request);
      const agreed = (request.actions ?? []).map((a) =>
        manager.create(SupervisionAction, {
          sessionId: session.id,
          peerWorkerId: worker.id,
          description: a.description,
          owner: a.owner,
          ownerName: a.ownerName ?? null,
          dueOn: a.dueOn,
          status: 'open',
        }),
      );
      const carried = followedUp.carriedForward.map(({ from, newDueOn }) =>
        manager.create(SupervisionAction, {
          sessionId: session.id,
          peerWorkerId: worker.id,
          description: from.description,
          owner: from.owner,
          ownerName: from.ownerName,
          dueOn: newDueOn,
          status: 'open',
          carriedForwardFromId: from.id,
        }),
      );
      const actions = await manager.save([...agreed, ...carried]);
      const concerns = await this.saveConcerns(
        manager,
        actor,
        (request.concerns ?? []).map((c, i) => ({
          category: c.category,
          summary: c.summary,
          siteId: worker.siteId,
          raisedIn: 'individual' as const,
          groupSessionId: null,
          individualSessionId: session.id,
          peerWorkerId: worker.id,
          episodeId: c.episodeId ?? null,
          serviceUserId: linked.get(i) ?? null,
        })),
      );
      await this.audit.record(
        {
          actor,
          action: 'supervision.individual.record',
          resourceType: 'individual_supervision_session',
          resourceId: session.id,
          details: { peerWorkerId: worker.id, actions: actions.length, followUps: followedUp.all.length },
        },
        manager,
      );
      for (const serviceUserId of new Set(linked.values())) {
        await this.audit.record(
          {
            actor,
            action: 'supervision.concern.link',
            resourceType: 'individual_supervision_session',
            resourceId: session.id,
            serviceUserId,
          },
          manager,
        );
      }
      await this.events.emit(
        manager,
        actor,
        'supervision.recorded',
        { kind: 'individual', session, peerWorkerIds: [worker.id] },
        {
          outbox: [
            {
              type: 'supervision.recorded',
              aggregateType: 'individual_supervision_session',
              aggregateId: session.id,
              payload: {
                kind: 'individual',
                sessionId: session.id,
                siteId: session.siteId,
                heldOn: session.heldOn,
                peerWorkerIds: [worker.id],
                supervisorUserId,
              },
            },
          ],
        },
      );
      return IndividualSupervisionResponse.from(session, actions, followedUp.all, concerns.map(concernSummary));
    });
  }

  async listIndividual(actor: Actor, peerWorkerId: string): Promise<IndividualSupervisionResponse[]> {
    const worker = await this.peerWorkers.findById(peerWorkerId).catch(() => null);
    if (!worker || !(await this.mayReadIndividual(actor, worker)))
      throw new RecordNotFoundError('Peer worker', peerWorkerId);
    const sessions = await this.dataSource
      .getRepository(IndividualSupervisionSession)
      .find({ where: { peerWorkerId }, order: { heldOn: 'DESC', createdAt: 'DESC' }, take: 200 });
    await this.audit.recordList(
      actor,
      'individual_supervision_session',
      sessions.map((s) => s.id),
      { peerWorkerId },
    );
    return Promise.all(sessions.map((s) => this.individualResponse(s)));
  }

  async getIndividual(actor: Actor, id: string): Promise<IndividualSupervisionResponse> {
    const session = await this.dataSource.getRepository(IndividualSupervisionSession).findOneBy({ id });
    const worker = session ? await this.peerWorkers.findById(session.peerWorkerId) : null;
    if (
      !session ||
      !worker ||
      !(session.supervisorUserId === actor.id || (await this.mayReadIndividual(actor, worker)))
    ) {
      throw new RecordNotFoundError('Individual supervision session', id);
    }
    await this.audit.record({
      actor,
      action: 'supervision.individual.read',
      resourceType: 'individual_supervision_session',
      resourceId: id,
      details: { peerWorkerId: worker.id },
    });
    return this.individualResponse(session);
  }

  async actionsOf(actor: Actor, peerWorkerId: string, status?: ActionStatus): Promise<SupervisionAction[]> {
    const worker = await this.peerWorkers.findById(peerWorkerId).catch(() => null);
    if (!worker || !(await this.mayReadIndividual(actor, worker)))
      throw new RecordNotFoundError('Peer worker', peerWorkerId);
    await this.audit.record({
      actor,
      action: 'supervision.actions.read',
      resourceType: 'peer_worker',
      resourceId: peerWorkerId,
    });
    return this.dataSource
      .getRepository(SupervisionAction)
      .find({ where: { peerWorkerId, ...(status ? { status } : {}) }, order: { dueOn: 'ASC', createdAt: 'ASC' } });
  }

  // ---- Overdue ----

  /** Overdue supervision of the site, for the coordinator (or the deputy while responsible). */
  async overdue(actor: Actor, siteId: string, now: Date = new Date()): Promise<OverdueSupervisionResponse[]> {
    await this.sites.get(actor, siteId);
    await this.assertActsForCoordinator(actor, siteId);
    const rows = await this.overdueFor(siteId, now);
    await this.audit.record({
      actor,
      action: 'supervision.overdue.read',
      resourceType: 'site',
      resourceId: siteId,
      details: { count: rows.length },
    });
    return rows;
  }

  /**
   * Every active peer worker of the site whose group or individual supervision is overdue at `now`, judged
   * by the site's frequencies in Europe/London calendar days. No caller scope: the daily digest calls this.
   */
  async overdueFor(siteId: string, now: Date): Promise<OverdueSupervisionResponse[]> {
    const settings = await this.sites.settingsOf(siteId);
    const workers = await this.peerWorkers.onSite(siteId, SUPERVISED_STATUSES);
    if (workers.length === 0) return [];
    const ids = workers.map((w) => w.id);
    const lastGroup = await this.supervision.lastGroupSupervision(ids);
    const lastIndividual = await this.supervision.lastIndividualSupervision(ids);
    const today = londonDate(now);
    const absent = new Set(await this.absences.absentPeerWorkerIds(siteId, today, today));
    const result: OverdueSupervisionResponse[] = [];
    for (const worker of workers) {
      for (const [kind, everyDays, last] of [
        ['group', settings.groupSupervisionEveryDays, lastGroup],
        ['individual', settings.individualSupervisionEveryDays, lastIndividual],
      ] as const) {
        const due = supervisionDue(last.get(worker.id) ?? null, everyDays, now);
        if (!due.overdue) continue;
        result.push({
          peerWorkerId: worker.id,
          displayName: worker.displayName,
          kind,
          everyDays,
          lastHeldOn: due.lastHeldOn,
          dueOn: due.dueOn,
          daysOverdue: due.daysOverdue,
          neverHeld: due.neverHeld,
          absentToday: absent.has(worker.id),
        });
      }
    }
    return result;
  }

  // ---- internals ----

  /** Coordinators of the site (and admins), or the named deputy while the coordinator is absent; others get 404. */
  private async assertActsForCoordinator(actor: Actor, siteId: string): Promise<void> {
    if (!(await this.routing.actsForCoordinator(actor, siteId))) throw new RecordNotFoundError('Site', siteId);
  }

  /** The peer worker themselves, or whoever acts for the coordinator of their site. */
  private async mayReadIndividual(actor: Actor, worker: { siteId: string; userId: string | null }): Promise<boolean> {
    return (
      (worker.userId !== null && worker.userId === actor.id) ||
      (await this.routing.actsForCoordinator(actor, worker.siteId))
    );
  }

  private assertNotFuture(date: string, field: string): void {
    if (date > londonDate(new Date()))
      throw new UnprocessableError(`${field} is in the future: record supervision once it has been held`, field);
  }

  private async assertUserOfSite(userId: string, siteId: string, field: string): Promise<void> {
    const user = await this.users.findActive(userId);
    if (!user || !user.siteIds.includes(siteId))
      throw new UnprocessableError(`${field} must name an active user of the site`, field);
  }

  /** A supervisor is a coordinator of the site or the site's named deputy. */
  private async assertSupervisor(userId: string, siteId: string, field: string | null): Promise<void> {
    const user = await this.users.findActive(userId);
    const named = await this.peerWorkers.siteCoordinatorOf(siteId);
    const ok =
      !!user &&
      user.siteIds.includes(siteId) &&
      (user.roles.includes(Role.Coordinator) || named?.deputyUserId === userId || named?.coordinatorUserId === userId);
    if (!ok)
      throw new UnprocessableError(
        'The supervisor must be a coordinator of the site or its named deputy',
        field ?? 'supervisorUserId',
      );
  }

  /**
   * The group record never identifies a service user: free text naming one of the site's service users,
   * or carrying an NHS number, a record id or a date-of-birth label, is refused (422 naming the field).
   */
  private async assertNoServiceUserDetails(
    siteId: string,
    fields: ReadonlyArray<readonly [string, string]>,
  ): Promise<void> {
    for (const [field, text] of fields) {
      const details = identifyingDetailsIn(text);
      if (details.length > 0) {
        throw new UnprocessableError(
          `Group supervision records themes, not case notes: ${field} contains ${details.join(', ').replaceAll('_', ' ')}`,
          field,
        );
      }
      if ((await this.serviceUsers.countNamedIn(siteId, text)) > 0) {
        throw new UnprocessableError(
          `Group supervision records themes, not case notes: ${field} names a service user`,
          field,
        );
      }
    }
  }

  /** Episodes named by concerns: visible to the caller and on the peer worker's site; index → service user id. */
  private async linkedEpisodes(
    actor: Actor,
    siteId: string,
    request: RecordIndividualSupervisionRequest,
  ): Promise<Map<number, string>> {
    const linked = new Map<number, string>();
    for (const [i, concern] of (request.concerns ?? []).entries()) {
      if (!concern.episodeId) continue;
      const episode = await this.episodes.get(actor, concern.episodeId).catch((error: unknown) => {
        if (error instanceof RecordNotFoundError) return null;
        throw error;
      });
      if (!episode || episode.siteId !== siteId)
        throw new UnprocessableError(
          'episodeId must name a support episode of the peer worker’s site',
          `concerns[${i}].episodeId`,
        );
      linked.set(i, episode.serviceUserId);
    }
    return linked;
  }

  private async followUp(
    manager: EntityManager,
    session: IndividualSupervisionSession,
    request: RecordIndividualSupervisionRequest,
  ) {
    const all: SupervisionAction[] = [];
    const carriedForward: { from: SupervisionAction; newDueOn: string }[] = [];
    const seen = new Set<string>();
    for (const [i, f] of (request.followUps ?? []).entries()) {
      const field = `followUps[${i}]`;
      if (seen.has(f.actionId))
        throw new UnprocessableError('Each action is followed up once per session', `${field}.actionId`);
      seen.add(f.actionId);
      const action = await manager.findOne(SupervisionAction, {
        where: { id: f.actionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!action || action.peerWorkerId !== session.peerWorkerId)
        throw new UnprocessableError('actionId must name an action agreed with this peer worker', `${field}.actionId`);
      if (action.status !== 'open')
        throw new UnprocessableError(`That action was already followed up (${action.status})`, `${field}.actionId`);
      const agreedIn = await manager.findOneByOrFail(IndividualSupervisionSession, { id: action.sessionId });
      if (agreedIn.heldOn > session.heldOn)
        throw new UnprocessableError(
          'An action is followed up in a later session than the one that agreed it',
          `${field}.actionId`,
        );
      if (f.outcome === 'carried_forward') {
        if (!f.newDueOn)
          throw new UnprocessableError('A carried-forward action needs a new due date', `${field}.newDueOn`);
        if (f.newDueOn < session.heldOn)
          throw new UnprocessableError('The new due date is on or after this session', `${field}.newDueOn`);
        carriedForward.push({ from: action, newDueOn: f.newDueOn });
      } else if (f.newDueOn) {
        throw new UnprocessableError('Only a carried-forward action takes a new due date', `${field}.newDueOn`);
      }
      action.status = f.outcome;
      action.followedUpInSessionId = session.id;
      action.followUpNote = f.note ?? null;
      all.push(await manager.save(action));
    }
    return { all, carriedForward };
  }

  private async saveConcerns(
    manager: EntityManager,
    actor: Actor,
    concerns: Array<
      Pick<
        SupervisionConcern,
        | 'category'
        | 'summary'
        | 'siteId'
        | 'raisedIn'
        | 'groupSessionId'
        | 'individualSessionId'
        | 'peerWorkerId'
        | 'episodeId'
        | 'serviceUserId'
      >
    >,
  ): Promise<SupervisionConcern[]> {
    const saved: SupervisionConcern[] = [];
    for (const c of concerns) {
      const concern = await manager.save(
        manager.create(SupervisionConcern, { ...c, state: 'open', raisedById: actor.id }),
      );
      await this.events.emit(
        manager,
        actor,
        'supervision.concern_raised',
        { concern },
        {
          outbox: [
            {
              type: 'supervision.concern_raised',
              aggregateType: 'supervision_concern',
              aggregateId: concern.id,
              payload: {
                concernId: concern.id,
                siteId: concern.siteId,
                category: concern.category,
                episodeId: concern.episodeId,
                peerWorkerId: concern.peerWorkerId,
              },
            },
          ],
        },
      );
      saved.push(concern);
    }
    return saved;
  }

  private async groupResponse(session: GroupSupervisionSession): Promise<GroupSupervisionResponse> {
    const attendees = await this.dataSource
      .getRepository(GroupSupervisionAttendance)
      .find({ where: { sessionId: session.id }, order: { createdAt: 'ASC' } });
    const concerns = await this.dataSource
      .getRepository(SupervisionConcern)
      .find({ where: { groupSessionId: session.id }, order: { createdAt: 'ASC' } });
    return GroupSupervisionResponse.from(
      session,
      attendees.map((a) => a.peerWorkerId),
      concerns.map(concernSummary),
    );
  }

  private async individualResponse(session: IndividualSupervisionSession): Promise<IndividualSupervisionResponse> {
    const repo = this.dataSource.getRepository(SupervisionAction);
    const actions = await repo.find({ where: { sessionId: session.id }, order: { createdAt: 'ASC' } });
    const followedUp = await repo.find({ where: { followedUpInSessionId: session.id }, order: { createdAt: 'ASC' } });
    const concerns = await this.dataSource
      .getRepository(SupervisionConcern)
      .find({ where: { individualSessionId: session.id }, order: { createdAt: 'ASC' } });
    return IndividualSupervisionResponse.from(session, actions, followedUp, concerns.map(concernSummary));
  }
}
