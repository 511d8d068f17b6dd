import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { ConflictError, RecordNotFoundError, UnprocessableError } from '../common/errors/domain-errors';
import type { PeerWorker } from '../workforce/peer-workers/entities/peer-worker.entity';
import { managesSite, PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { SitesService } from '../sites/sites.service';
import { CreatePeerSupportResourceRequest, WriteWellbeingPlanRequest } from './dto/wellbeing.dto';
import { PeerSupportResource } from './entities/peer-support-resource.entity';
import { WellbeingPlanVersion } from './entities/wellbeing-plan-version.entity';

const stalePlan = (current: number | null) =>
  new ConflictError(
    `The wellbeing plan is at version ${current ?? 'none'}: read it and write your change on top of that version`,
    'stale_plan_version',
  );

/**
 * Peer worker wellbeing plans (handbook 11.6) and the site's peer-support-for-peers resources (11.5).
 * A plan is seen and written only by the peer worker and the site's named coordinator and deputy; anyone
 * else, admins included, gets 404 (it is the peer worker's own, shared for support, not for management).
 */
@Injectable()
export class WellbeingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly peerWorkers: PeerWorkersService,
    private readonly sites: SitesService,
  ) {}

  async current(actor: Actor, peerWorkerId: string): Promise<WellbeingPlanVersion> {
    const worker = await this.planHolder(actor, peerWorkerId, 'wellbeing_plan.read');
    const latest = await this.latest(worker.id);
    await this.audit.record({
      actor,
      action: 'wellbeing_plan.read',
      resourceType: 'peer_worker',
      resourceId: worker.id,
      details: { version: latest?.version ?? null },
    });
    if (!latest) throw new RecordNotFoundError('Wellbeing plan of peer worker', peerWorkerId);
    return latest;
  }

  async versions(actor: Actor, peerWorkerId: string): Promise<WellbeingPlanVersion[]> {
    const worker = await this.planHolder(actor, peerWorkerId, 'wellbeing_plan.versions');
    await this.audit.record({
      actor,
      action: 'wellbeing_plan.versions',
      resourceType: 'peer_worker',
      resourceId: worker.id,
    });
    return this.dataSource
      .getRepository(WellbeingPlanVersion)
      .find({ where: { peerWorkerId: worker.id }, order: { version: 'DESC' } });
  }

  /** A new version on top of `basedOnVersion` (null for the first); a stale base is a 409, never a silent overwrite. */
  async write(actor: Actor, peerWorkerId: string, request: WriteWellbeingPlanRequest): Promise<WellbeingPlanVersion> {
    const worker = await this.planHolder(actor, peerWorkerId, 'wellbeing_plan.write');
    const resourceIds = request.peerSupportResourceIds ?? [];
    if (resourceIds.length > 0) {
      const found = await this.dataSource
        .getRepository(PeerSupportResource)
        .countBy({ id: In(resourceIds), siteId: worker.siteId });
      if (found !== resourceIds.length)
        throw new UnprocessableError(
          'peerSupportResourceIds must name peer support resources of the peer worker’s site',
          'peerSupportResourceIds',
        );
    }
    return this.dataSource
      .transaction(async (manager) => {
        const latest = await manager
          .getRepository(WellbeingPlanVersion)
          .findOne({ where: { peerWorkerId: worker.id }, order: { version: 'DESC' } });
        if ((latest?.version ?? null) !== request.basedOnVersion) throw stalePlan(latest?.version ?? null);
        const version = await manager.save(
          manager.create(WellbeingPlanVersion, {
            peerWorkerId: worker.id,
            siteId: worker.siteId,
            version: (latest?.version ?? 0) + 1,
            whatKeepsMeWell: request.whatKeepsMeWell,
            earlySigns: request.earlySigns,
            whatHelps: request.whatHelps,
            whoToContact: request.whoToContact.map((c) => ({
              name: c.name,
              relationship: c.relationship,
              phone: c.phone ?? null,
              when: c.when ?? null,
            })),
            peerSupportResourceIds: resourceIds,
            writtenById: actor.id,
          }),
        );
        await this.audit.record(
          {
            actor,
            action: 'wellbeing_plan.write',
            resourceType: 'peer_worker',
            resourceId: worker.id,
            details: { version: version.version },
          },
          manager,
        );
        return version;
      })
      .catch((error: unknown) => {
        // Two writers on the same base both pass the check; the unique (peer worker, version) index stops the second.
        if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505')
          throw stalePlan(request.basedOnVersion! + 1);
        throw error;
      });
  }

  async resources(actor: Actor, siteId: string): Promise<PeerSupportResource[]> {
    await this.sites.get(actor, siteId);
    return this.dataSource.getRepository(PeerSupportResource).find({ where: { siteId }, order: { name: 'ASC' } });
  }

  async addResource(
    actor: Actor,
    siteId: string,
    request: CreatePeerSupportResourceRequest,
  ): Promise<PeerSupportResource> {
    await this.sites.get(actor, siteId);
    if (!managesSite(actor, siteId)) throw new RecordNotFoundError('Site', siteId);
    return this.dataSource
      .transaction(async (manager) => {
        const resource = await manager.save(
          manager.create(PeerSupportResource, {
            siteId,
            name: request.name,
            kind: request.kind,
            description: request.description ?? null,
            howToAccess: request.howToAccess,
            active: true,
          }),
        );
        await this.audit.record(
          {
            actor,
            action: 'peer_support_resource.create',
            resourceType: 'peer_support_resource',
            resourceId: resource.id,
          },
          manager,
        );
        return resource;
      })
      .catch((error: unknown) => {
        if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
          throw new UnprocessableError('The site already lists a peer support resource with that name', 'name');
        }
        throw error;
      });
  }

  private async latest(peerWorkerId: string): Promise<WellbeingPlanVersion | null> {
    return this.dataSource
      .getRepository(WellbeingPlanVersion)
      .findOne({ where: { peerWorkerId }, order: { version: 'DESC' } });
  }

  /** The peer worker if the caller is them, or the named coordinator or deputy of their site; otherwise 404, audited as denied. */
  private async planHolder(actor: Actor, peerWorkerId: string, action: string): Promise<PeerWorker> {
    const worker = await this.peerWorkers.findById(peerWorkerId).catch(() => null);
    if (worker) {
      if (worker.userId !== null && worker.userId === actor.id) return worker;
      const named = await this.peerWorkers.siteCoordinatorOf(worker.siteId);
      if (
        named &&
        actor.siteIds.includes(worker.siteId) &&
        (named.coordinatorUserId === actor.id || named.deputyUserId === actor.id)
      )
        return worker;
    }
    await this.audit.record({
      actor,
      action,
      resourceType: 'peer_worker',
      resourceId: peerWorkerId,
      outcome: 'denied',
    });
    throw new RecordNotFoundError('Wellbeing plan of peer worker', peerWorkerId);
  }
}
