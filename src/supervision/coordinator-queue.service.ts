import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SupportRouting } from '../absence/support-routing.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { ConflictError, RecordNotFoundError } from '../common/errors/domain-errors';
import { SitesService } from '../sites/sites.service';
import { CoordinatorQueueResponse, QueueItemResponse } from './dto/coordinator-queue.dto';
import { SupervisionConcern } from './entities/supervision-concern.entity';
import { SupervisionRepository } from './supervision.repository';

/**
 * The coordinator's queue of risk, safety and handover items raised in supervision (handbook 11.4), risk
 * first. Read and resolved by the site's coordinators, or by the named deputy while the coordinator is absent.
 */
@Injectable()
export class CoordinatorQueueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly routing: SupportRouting,
    private readonly sites: SitesService,
    private readonly supervision: SupervisionRepository,
  ) {}

  async queue(actor: Actor, siteId: string, state: 'open' | 'resolved' = 'open'): Promise<CoordinatorQueueResponse> {
    await this.sites.get(actor, siteId);
    if (!(await this.routing.actsForCoordinator(actor, siteId))) throw new RecordNotFoundError('Site', siteId);
    const items = await this.supervision.coordinatorQueue(siteId, state);
    await this.audit.recordList(
      actor,
      'supervision_concern',
      items.map((c) => c.id),
      { siteId, state },
      items.map((c) => c.serviceUserId),
    );
    const route = await this.routing.responsibleFor(siteId).catch((error: unknown) => {
      if (error instanceof RecordNotFoundError) return null;
      throw error;
    });
    return {
      siteId,
      responsibleUserId: route?.responsibleUserId ?? null,
      responsibleAs: route?.responsibleAs ?? null,
      items: items.map(QueueItemResponse.from),
    };
  }

  async resolve(actor: Actor, id: string, resolution: string): Promise<QueueItemResponse> {
    const visible = await this.dataSource.getRepository(SupervisionConcern).findOneBy({ id });
    if (!visible || !(await this.routing.actsForCoordinator(actor, visible.siteId)))
      throw new RecordNotFoundError('Queue item', id);
    return this.dataSource.transaction(async (manager) => {
      const item = await manager.findOneOrFail(SupervisionConcern, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (item.state === 'resolved') throw new ConflictError('This item is already resolved', 'already_resolved');
      Object.assign(item, { state: 'resolved', resolution, resolvedById: actor.id, resolvedAt: new Date() });
      const saved = await manager.save(item);
      await this.audit.record(
        {
          actor,
          action: 'supervision_concern.resolve',
          resourceType: 'supervision_concern',
          resourceId: id,
          serviceUserId: item.serviceUserId,
        },
        manager,
      );
      return QueueItemResponse.from(saved);
    });
  }
}
