import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events.service';
import { AuditService } from '../../audit/audit.service';
import { Actor, canActOnSite, hasRole, isAdmin } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { AccessDeniedError, RecordNotFoundError, UnprocessableError } from '../../common/errors/domain-errors';
import { assertVersion } from '../../common/http/etag';
import { Page } from '../../common/pagination/page';
import { SitesService } from '../../sites/sites.service';
import { UsersService } from '../../users/users.service';
import {
  ChecksRequest,
  COORDINATOR_ONLY_FIELDS,
  CreatePeerWorkerRequest,
  PeerWorkerListQuery,
  UpdatePeerWorkerRequest,
} from './dto/peer-worker.dto';
import { PeerWorker } from './entities/peer-worker.entity';
import { PeerWorkerStatusChange } from './entities/peer-worker-status-change.entity';
import { ReserveInduction } from './entities/reserve-induction.entity';
import { SiteCoordinator } from './entities/site-coordinator.entity';
import { PeerWorkerStatus } from './peer-worker-status';
import { peerWorkerStatusMachine, StatusMoveContext } from './peer-worker.state-machine';
import { ReadinessCondition } from './readiness';
import { PeerWorkerDeliveryFacts, PeerWorkersRepository } from './peer-workers.repository';

/** Whether the caller manages the workforce of `siteId` (coordinators of the site, and admins). */
export function managesSite(actor: Actor, siteId: string): boolean {
  return isAdmin(actor) || (hasRole(actor, Role.Coordinator) && canActOnSite(actor, siteId));
}

export interface NewApplicant {
  siteId: string;
  displayName: string;
  email?: string | null;
  phone?: string | null;
}

@Injectable()
export class PeerWorkersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sites: SitesService,
    private readonly users: UsersService,
    private readonly events: DomainEvents,
    private readonly records: PeerWorkersRepository,
  ) {}

  async create(actor: Actor, request: CreatePeerWorkerRequest): Promise<PeerWorker> {
    await this.sites.get(actor, request.siteId);
    this.assertManages(actor, request.siteId);
    await this.assertTeamsOnSite(actor, request.siteId, request.wardId, request.communityTeamId);
    return this.dataSource.transaction(async (manager) => {
      const worker = await this.createApplicant(manager, actor, request, 'Peer worker record created');
      Object.assign(worker, {
        wardId: request.wardId ?? null,
        communityTeamId: request.communityTeamId ?? null,
        workingPattern: request.workingPattern ?? null,
        languages: request.languages ?? [],
        gender: request.gender ?? null,
        dateOfBirth: request.dateOfBirth ?? null,
        ethnicity: request.ethnicity ?? null,
        livedExperience: request.livedExperience ?? [],
        interests: request.interests ?? [],
        hasPatientNotesAccess: request.hasPatientNotesAccess ?? false,
      });
      return manager.save(worker);
    });
  }

  /** A new applicant record with its first history row; recruitment calls this inside its own transaction. */
  async createApplicant(
    manager: EntityManager,
    actor: Actor,
    applicant: NewApplicant,
    reason: string,
  ): Promise<PeerWorker> {
    const worker = await manager.save(
      manager.create(PeerWorker, {
        siteId: applicant.siteId,
        displayName: applicant.displayName,
        email: applicant.email ?? null,
        phone: applicant.phone ?? null,
        status: PeerWorkerStatus.Applicant,
      }),
    );
    await manager.insert(PeerWorkerStatusChange, {
      peerWorkerId: worker.id,
      fromState: null,
      toState: PeerWorkerStatus.Applicant,
      actorId: actor.id,
      reason,
    });
    await this.audit.record(
      { actor, action: 'peer_worker.create', resourceType: 'peer_worker', resourceId: worker.id },
      manager,
    );
    return worker;
  }

  async list(actor: Actor, query: PeerWorkerListQuery): Promise<Page<PeerWorker>> {
    // Coordinators see their sites' workforce; a peer worker sees only their own record.
    const visibleTo = isAdmin(actor)
      ? null
      : { managedSiteIds: hasRole(actor, Role.Coordinator) ? actor.siteIds : [], userId: actor.id };
    const page = await this.records.list({
      visibleTo,
      siteId: query.siteId,
      status: query.status,
      limit: query.limit,
      cursor: query.cursor,
    });
    await this.audit.recordList(
      actor,
      'peer_worker',
      page.items.map((p) => p.id),
    );
    return page;
  }

  async get(actor: Actor, id: string): Promise<PeerWorker> {
    const worker = await this.findVisible(actor, id);
    await this.audit.record({ actor, action: 'peer_worker.read', resourceType: 'peer_worker', resourceId: id });
    return worker;
  }

  /** A peer worker by id with no caller scope: for other areas' rules (pairing checks readiness), never for HTTP reads. */
  /** Inside a transaction pass its manager (never a second pool connection while a lock is held). */
  /** Site and code-of-ethics acknowledgement only (the delivery rules' read, on every meeting written); null if none. */
  deliveryFactsOf(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PeerWorkerDeliveryFacts | null> {
    return this.records.deliveryFactsOf(id, manager);
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<PeerWorker> {
    const worker = await manager.getRepository(PeerWorker).findOneBy({ id });
    if (!worker) throw new RecordNotFoundError('Peer worker', id);
    return worker;
  }

  /** The peer worker record linked to a user account, if any: for other areas to recognise a peer worker caller. */
  async findOfUser(userId: string): Promise<PeerWorker | null> {
    return this.dataSource.getRepository(PeerWorker).findOneBy({ userId });
  }

  /** The peer worker if the caller may see them: their site's coordinator, an admin, or the peer worker themselves. */
  async findVisible(actor: Actor, id: string): Promise<PeerWorker> {
    const worker = await this.dataSource.getRepository(PeerWorker).findOneBy({ id });
    if (!worker || !(managesSite(actor, worker.siteId) || (worker.userId !== null && worker.userId === actor.id))) {
      throw new RecordNotFoundError('Peer worker', id);
    }
    return worker;
  }

  /** The peer worker if the caller manages their site; otherwise 404 (a peer worker's own record is 403). */
  async findManaged(actor: Actor, id: string): Promise<PeerWorker> {
    const worker = await this.findVisible(actor, id);
    if (!managesSite(actor, worker.siteId))
      throw new AccessDeniedError('Only the coordinator of the site can do this to a peer worker record');
    return worker;
  }

  async update(
    actor: Actor,
    id: string,
    request: UpdatePeerWorkerRequest,
    expectedVersion?: number,
  ): Promise<PeerWorker> {
    const current = await this.findVisible(actor, id);
    const manages = managesSite(actor, current.siteId);
    if (!manages) {
      const field = COORDINATOR_ONLY_FIELDS.find((f) => request[f] !== undefined);
      if (field) throw new AccessDeniedError(`Only the coordinator can change ${field}`);
    }
    await this.assertTeamsOnSite(actor, current.siteId, request.wardId, request.communityTeamId);
    if (request.userId) await this.assertPeerWorkerAccount(request.userId, current.siteId);
    return this.dataSource.transaction(async (manager) => {
      const worker = await manager.findOne(PeerWorker, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!worker) throw new RecordNotFoundError('Peer worker', id);
      assertVersion('Peer worker', expectedVersion, worker.version);
      const fields = Object.keys(request).filter((k) => (request as Record<string, unknown>)[k] !== undefined);
      for (const field of fields)
        (worker as unknown as Record<string, unknown>)[field] = (request as Record<string, unknown>)[field];
      if (request.userId) {
        const holder = await manager.findOneBy(PeerWorker, { userId: request.userId });
        if (holder && holder.id !== id)
          throw new UnprocessableError('That user account is already linked to another peer worker', 'userId');
      }
      const saved = await manager.save(worker);
      await this.audit.record(
        { actor, action: 'peer_worker.update', resourceType: 'peer_worker', resourceId: id, details: { fields } },
        manager,
      );
      return saved;
    });
  }

  async recordChecks(actor: Actor, id: string, request: ChecksRequest): Promise<PeerWorker> {
    await this.findManaged(actor, id);
    return this.dataSource.transaction(async (manager) => {
      const worker = await manager.findOneOrFail(PeerWorker, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (request.dbsClearedOn !== undefined) worker.dbsClearedOn = request.dbsClearedOn;
      if (request.occupationalHealthClearedOn !== undefined)
        worker.occupationalHealthClearedOn = request.occupationalHealthClearedOn;
      if (request.experiencedPeerVerifiedOn !== undefined) {
        worker.experiencedPeerVerifiedOn = request.experiencedPeerVerifiedOn;
        worker.experiencedPeerVerifiedById = request.experiencedPeerVerifiedOn === null ? null : actor.id;
      }
      const saved = await manager.save(worker);
      await this.audit.record(
        {
          actor,
          action: 'peer_worker.checks',
          resourceType: 'peer_worker',
          resourceId: id,
          details: { fields: Object.keys(request) },
        },
        manager,
      );
      return saved;
    });
  }

  async history(actor: Actor, id: string): Promise<PeerWorkerStatusChange[]> {
    await this.findVisible(actor, id);
    await this.audit.record({ actor, action: 'peer_worker.history', resourceType: 'peer_worker', resourceId: id });
    return this.dataSource
      .getRepository(PeerWorkerStatusChange)
      .find({ where: { peerWorkerId: id }, order: { occurredAt: 'ASC', createdAt: 'ASC' } });
  }

  /**
   * A status change asked for directly (activation, inactivity, leaving). `unmet` is the peer worker's
   * current readiness, which activation requires; starting training and appointment belong to recruitment.
   */
  async changeStatus(
    actor: Actor,
    id: string,
    to: PeerWorkerStatus,
    reason: string,
    unmet: readonly ReadinessCondition[],
  ): Promise<PeerWorker> {
    await this.findManaged(actor, id);
    return this.dataSource.transaction(async (manager) => {
      const worker = await manager.findOneOrFail(PeerWorker, { where: { id }, lock: { mode: 'pessimistic_write' } });
      return this.moveStatus(manager, actor, worker, to, reason, { viaRecruitment: false, unmet });
    });
  }

  /** Move a peer worker's status inside the caller's transaction, recording history and audit. */
  async moveStatus(
    manager: EntityManager,
    actor: Actor,
    worker: PeerWorker,
    to: PeerWorkerStatus,
    reason: string,
    context: StatusMoveContext,
  ): Promise<PeerWorker> {
    // The reserve induction is looked up here, not by callers, so activating a reserve has one guard everywhere.
    const reserveInductionRecorded =
      worker.status === PeerWorkerStatus.Reserve && to === PeerWorkerStatus.Active
        ? (await this.reserveInductionOf(worker.id, manager)) !== null
        : false;
    peerWorkerStatusMachine.assert(worker.status, to, { ...context, reserveInductionRecorded });
    const from = worker.status;
    worker.status = to;
    const saved = await manager.save(worker);
    await manager.insert(PeerWorkerStatusChange, {
      peerWorkerId: worker.id,
      fromState: from,
      toState: to,
      actorId: actor.id,
      reason,
    });
    await this.audit.record(
      {
        actor,
        action: 'peer_worker.transition',
        resourceType: 'peer_worker',
        resourceId: worker.id,
        details: { from, to },
      },
      manager,
    );
    // A leaver's caseload is re-paired or covered in the same step (pairing, attention): nobody is stranded.
    await this.events.emit(manager, actor, 'peer_worker.status_changed', { peerWorker: saved, from, to, reason });
    return saved;
  }

  /** Lock a peer worker row inside a transaction (for recruitment's moves). */
  async lockForUpdate(manager: EntityManager, id: string): Promise<PeerWorker> {
    const worker = await manager.findOne(PeerWorker, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!worker) throw new RecordNotFoundError('Peer worker', id);
    return worker;
  }

  /** The site's named coordinator and deputy with no caller scope: for support routing and wellbeing access, never for HTTP reads. */
  async siteCoordinatorOf(siteId: string): Promise<SiteCoordinator | null> {
    return this.dataSource.getRepository(SiteCoordinator).findOneBy({ siteId });
  }

  /** The latest reserve induction of a peer worker, or null (no caller scope): cover checks it before planning. */
  async reserveInductionOf(
    peerWorkerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ReserveInduction | null> {
    return manager
      .getRepository(ReserveInduction)
      .findOne({ where: { peerWorkerId }, order: { completedOn: 'DESC', createdAt: 'DESC' } });
  }

  /** The peer worker record linked to a user account, if any (no caller scope). */
  async findByUserId(userId: string, manager: EntityManager = this.dataSource.manager): Promise<PeerWorker | null> {
    return manager.getRepository(PeerWorker).findOneBy({ userId });
  }

  /** Peer workers of a site in the given statuses, by name (no caller scope: for digests and overdue lists). */
  async onSite(siteId: string, statuses: readonly PeerWorkerStatus[]): Promise<PeerWorker[]> {
    return this.records.onSite(siteId, statuses);
  }

  private assertManages(actor: Actor, siteId: string): void {
    if (!managesSite(actor, siteId)) throw new RecordNotFoundError('Site', siteId);
  }

  private async assertTeamsOnSite(
    actor: Actor,
    siteId: string,
    wardId?: string | null,
    communityTeamId?: string | null,
  ): Promise<void> {
    if (wardId) {
      const ward = await this.sites.findWard(actor, wardId).catch(() => null);
      if (!ward || ward.siteId !== siteId)
        throw new UnprocessableError('wardId must name a ward of the peer worker’s site', 'wardId');
    }
    if (communityTeamId) {
      const team = await this.sites.findCommunityTeam(actor, communityTeamId).catch(() => null);
      if (!team || team.siteId !== siteId)
        throw new UnprocessableError(
          'communityTeamId must name a community team of the peer worker’s site',
          'communityTeamId',
        );
    }
  }

  private async assertPeerWorkerAccount(userId: string, siteId: string): Promise<void> {
    await this.assertUserWithRole(userId, siteId, Role.PeerWorker, 'userId');
  }

  /** 422 naming `field` unless `userId` is an active account of the site (with `role`, when given). */
  async assertUserWithRole(userId: string, siteId: string, role: Role | null, field: string): Promise<void> {
    const user = await this.users.findActive(userId);
    if (!user || !user.siteIds.includes(siteId) || (role && !user.roles.includes(role))) {
      throw new UnprocessableError(`${field} must name an active ${role ?? 'user'} account of this site`, field);
    }
  }
}
