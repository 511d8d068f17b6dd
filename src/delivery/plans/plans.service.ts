import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Actor, hasRole, isAdmin } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { AccessDeniedError, RecordNotFoundError, UnprocessableError } from '../../common/errors/domain-errors';
import { DomainEvents } from '../../common/events/domain-events.service';
import { assertVersion } from '../../common/http/etag';
import type { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import { DeliveryAccess, EpisodeInScope } from '../delivery-access.service';
import { refusedBy } from '../delivery-rule';
import { CreatePlanRequest, UpdatePlanRequest } from './dto/plan.dto';
import { ServiceUserPlan } from './entities/service-user-plan.entity';
import { ServiceUserPlanVersion } from './entities/service-user-plan-version.entity';
import type { PlanKind } from './plan-kinds';

/**
 * Service-user-owned plans (handbook 13): discharge plan, crisis plan, personal recovery plan. The service
 * user owns them; the peer worker (or coordinator) writes what the service user decides. Nothing is
 * overwritten: every save is a new row in service_user_plan_versions. Ward staff read the current
 * version only when the service user agreed to share it; otherwise it does not exist for them (404).
 */
@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: DeliveryAccess,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async create(actor: Actor, episodeId: string, request: CreatePlanRequest): Promise<ServiceUserPlan> {
    const scoped = await this.access.episodeInScope(actor, episodeId, 'plan.create');
    const role = await this.writerRole(actor, scoped);
    return this.dataSource
      .transaction(async (manager) => {
        const episode = await this.access.lockEpisode(manager, episodeId);
        if (episode.state === 'ended')
          throw refusedBy('no_plan_change_after_episode_ended', 'The support episode has ended');
        const plan = await manager.save(
          manager.create(ServiceUserPlan, {
            episodeId,
            siteId: episode.siteId,
            ownerServiceUserId: episode.serviceUserId,
            kind: request.kind,
            sections: request.sections.map(({ heading, text }) => ({ heading, text })),
            text: request.text ?? null,
            sharedWithCareTeam: request.sharedWithCareTeam,
          }),
        );
        await this.saveVersion(
          manager,
          actor,
          role,
          plan,
          episode,
          ['sections', 'text', 'sharedWithCareTeam'],
          request.changeSummary ?? null,
          false,
        );
        return plan;
      })
      .catch((error: unknown) => {
        if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
          throw refusedBy(
            'one_plan_of_each_kind',
            `The episode already has a ${request.kind}: change it with PATCH (a new version is kept)`,
          );
        }
        throw error;
      });
  }

  async update(
    actor: Actor,
    episodeId: string,
    kind: PlanKind,
    request: UpdatePlanRequest,
    expectedVersion?: number,
  ): Promise<ServiceUserPlan> {
    const scoped = await this.access.episodeInScope(actor, episodeId, 'plan.update');
    const role = await this.writerRole(actor, scoped);
    return this.dataSource.transaction(async (manager) => {
      const episode = await this.access.lockEpisode(manager, episodeId);
      if (episode.state === 'ended')
        throw refusedBy('no_plan_change_after_episode_ended', 'The support episode has ended');
      const plan = await manager.findOne(ServiceUserPlan, {
        where: { episodeId, kind },
        lock: { mode: 'pessimistic_write' },
      });
      if (!plan) throw new RecordNotFoundError(`The episode's ${kind}`);
      assertVersion(`The ${kind}`, expectedVersion, plan.version);
      const next = {
        sections: request.sections?.map(({ heading, text }) => ({ heading, text })) ?? plan.sections,
        text: request.text === undefined ? plan.text : request.text,
        sharedWithCareTeam: request.sharedWithCareTeam ?? plan.sharedWithCareTeam,
      };
      const changed = (Object.keys(next) as (keyof typeof next)[]).filter(
        (key) => !isDeepStrictEqual(next[key], plan[key]),
      );
      if (changed.length === 0)
        throw new UnprocessableError('Nothing changed: a new version needs a change', 'sections');
      const wasShared = plan.sharedWithCareTeam;
      Object.assign(plan, next);
      const saved = await manager.save(plan);
      await this.saveVersion(manager, actor, role, saved, episode, changed, request.changeSummary ?? null, wasShared);
      return saved;
    });
  }

  /** The current plans the caller may read: ward staff see only those shared with the care team. */
  async list(actor: Actor, episodeId: string): Promise<ServiceUserPlan[]> {
    const scoped = await this.access.episodeInScope(actor, episodeId, 'plan.list');
    const plans = await this.dataSource
      .getRepository(ServiceUserPlan)
      .find({ where: { episodeId }, order: { kind: 'ASC' } });
    const visible: ServiceUserPlan[] = [];
    for (const p of plans) if (await this.mayReadCurrent(actor, scoped, p)) visible.push(p);
    await this.audit.recordList(
      actor,
      'plan',
      visible.map((p) => p.id),
      { episodeId },
      [scoped.episode.serviceUserId],
    );
    return visible;
  }

  async current(actor: Actor, episodeId: string, kind: PlanKind): Promise<ServiceUserPlan> {
    const scoped = await this.access.episodeInScope(actor, episodeId, 'plan.read');
    const plan = await this.dataSource.getRepository(ServiceUserPlan).findOneBy({ episodeId, kind });
    if (!plan || !(await this.mayReadCurrent(actor, scoped, plan))) {
      await this.audit.record({
        actor,
        action: 'plan.read',
        resourceType: 'plan',
        resourceId: plan?.id ?? null,
        serviceUserId: scoped.episode.serviceUserId,
        outcome: 'denied',
        details: { kind },
      });
      throw new RecordNotFoundError(`The episode's ${kind}`);
    }
    await this.audit.record({
      actor,
      action: 'plan.read',
      resourceType: 'plan',
      resourceId: plan.id,
      serviceUserId: plan.ownerServiceUserId,
      details: { kind, version: plan.version },
    });
    return plan;
  }

  /** Every version, oldest first: for the service user's supporters (not the care team, who see the current shared one). */
  async versions(actor: Actor, episodeId: string, kind: PlanKind): Promise<ServiceUserPlanVersion[]> {
    const scoped = await this.access.episodeInScope(actor, episodeId, 'plan.versions');
    await this.writerRole(actor, scoped);
    const plan = await this.dataSource.getRepository(ServiceUserPlan).findOneBy({ episodeId, kind });
    if (!plan) throw new RecordNotFoundError(`The episode's ${kind}`);
    const rows = await this.dataSource
      .getRepository(ServiceUserPlanVersion)
      .find({ where: { planId: plan.id }, order: { versionNumber: 'ASC' } });
    await this.audit.record({
      actor,
      action: 'plan.versions',
      resourceType: 'plan',
      resourceId: plan.id,
      serviceUserId: plan.ownerServiceUserId,
      details: { kind },
    });
    return rows;
  }

  /** Supporters write: the peer worker supporting the episode, its site's coordinator, an admin. */
  private async writerRole(actor: Actor, scoped: EpisodeInScope): Promise<string> {
    if (isAdmin(actor)) return Role.Admin;
    if (scoped.coordinates) return Role.Coordinator;
    if (
      scoped.ownPeerWorker &&
      (await this.access.isSupportingPeerWorker(scoped.episode, scoped.ownPeerWorker.id, new Date()))
    )
      return Role.PeerWorker;
    throw new AccessDeniedError(
      'Only the service user’s supporters (their peer worker, the coordinator) write or review their plans',
    );
  }

  private async mayReadCurrent(actor: Actor, scoped: EpisodeInScope, plan: ServiceUserPlan): Promise<boolean> {
    if (scoped.coordinates) return true;
    if (
      scoped.ownPeerWorker &&
      (await this.access.isSupportingPeerWorker(scoped.episode, scoped.ownPeerWorker.id, new Date()))
    )
      return true;
    return hasRole(actor, Role.WardStaff) && plan.sharedWithCareTeam;
  }

  private async saveVersion(
    manager: EntityManager,
    actor: Actor,
    role: string,
    plan: ServiceUserPlan,
    episode: SupportEpisode,
    changed: string[],
    summary: string | null,
    wasShared: boolean,
  ): Promise<void> {
    await manager.insert(ServiceUserPlanVersion, {
      planId: plan.id,
      versionNumber: plan.version,
      sections: plan.sections,
      text: plan.text,
      sharedWithCareTeam: plan.sharedWithCareTeam,
      ownerServiceUserId: plan.ownerServiceUserId,
      supportingPeerWorkerId: episode.peerWorkerId,
      changedById: actor.id,
      changedByRole: role,
      changedFields: changed,
      changeSummary: summary,
    });
    await this.audit.record(
      {
        actor,
        action: plan.version === 1 ? 'plan.create' : 'plan.update',
        resourceType: 'plan',
        resourceId: plan.id,
        serviceUserId: plan.ownerServiceUserId,
        details: { kind: plan.kind, version: plan.version, changedFields: changed },
      },
      manager,
    );
    await this.events.emit(manager, actor, 'plan.versioned', { plan, changedFields: changed, wasShared });
  }
}
