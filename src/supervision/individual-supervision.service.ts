import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SupportRouting } from '../absence/support-routing.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { RecordNotFoundError, UnprocessableError } from '../common/errors/domain-errors';
import { DomainEvents } from '../common/events/domain-events.service';
import { SupportEpisodesService } from '../episodes/support-episodes.service';
import { UsersService } from '../users/users.service';
import { PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { IndividualSupervisionResponse, RecordIndividualSupervisionRequest } from './dto/supervision.dto';
import { IndividualSupervisionSession } from './entities/individual-supervision-session.entity';
import { ActionStatus, SupervisionAction } from './entities/supervision-action.entity';
import { SupervisionConcern } from './entities/supervision-concern.entity';
import { SupervisionConcernsService } from './supervision-concerns.service';
import {
  assertActionOpenForFollowUp,
  assertAgreedActions,
  assertNotFuture,
  carriedForwardDueOn,
  concernSummary,
  maySupervise,
} from './supervision-rules';

/**
 * Individual supervision (handbook 11.2): a peer worker's sessions with their supervisor, the actions agreed and
 * their follow-up in later sessions (done, dropped or carried forward), and concerns linked to their episodes.
 * Read by the peer worker themselves, the supervisor of the session, or whoever acts for the site's coordinator.
 */
@Injectable()
export class IndividualSupervisionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly routing: SupportRouting,
    private readonly peerWorkers: PeerWorkersService,
    private readonly episodes: SupportEpisodesService,
    private readonly users: UsersService,
    private readonly concerns: SupervisionConcernsService,
  ) {}

  async recordIndividual(
    actor: Actor,
    request: RecordIndividualSupervisionRequest,
  ): Promise<IndividualSupervisionResponse> {
    const worker = await this.peerWorkers.findById(request.peerWorkerId).catch(() => null);
    if (!worker || !(await this.routing.actsForCoordinator(actor, worker.siteId)))
      throw new RecordNotFoundError('Peer worker', request.peerWorkerId);
    assertNotFuture(request.heldOn, 'heldOn');
    const supervisorUserId = request.supervisorUserId ?? actor.id;
    await this.assertSupervisor(supervisorUserId, worker.siteId, request.supervisorUserId ? 'supervisorUserId' : null);
    assertAgreedActions(request.actions ?? [], request.heldOn);
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
      const concerns = await this.concerns.raise(
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

  /** The peer worker themselves, or whoever acts for the coordinator of their site. */
  private async mayReadIndividual(actor: Actor, worker: { siteId: string; userId: string | null }): Promise<boolean> {
    return (
      (worker.userId !== null && worker.userId === actor.id) ||
      (await this.routing.actsForCoordinator(actor, worker.siteId))
    );
  }

  /** A supervisor is a coordinator of the site or the site's named deputy. */
  private async assertSupervisor(userId: string, siteId: string, field: string | null): Promise<void> {
    const user = await this.users.findActive(userId);
    const named = await this.peerWorkers.siteCoordinatorOf(siteId);
    if (!maySupervise(userId, user, siteId, named))
      throw new UnprocessableError(
        'The supervisor must be a coordinator of the site or its named deputy',
        field ?? 'supervisorUserId',
      );
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

  /** Follows up earlier actions in this session, each locked so two sessions never follow up the same one. */
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
      assertActionOpenForFollowUp(action, session.peerWorkerId, field);
      const agreedIn = await manager.findOneByOrFail(IndividualSupervisionSession, { id: action.sessionId });
      const newDueOn = carriedForwardDueOn(f, agreedIn.heldOn, session.heldOn, field);
      if (newDueOn) carriedForward.push({ from: action, newDueOn });
      action.status = f.outcome;
      action.followedUpInSessionId = session.id;
      action.followUpNote = f.note ?? null;
      all.push(await manager.save(action));
    }
    return { all, carriedForward };
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
