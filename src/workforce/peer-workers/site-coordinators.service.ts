import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { RecordNotFoundError, UnprocessableError } from '../../common/errors/domain-errors';
import { SitesService } from '../../sites/sites.service';
import { SetSiteCoordinatorRequest } from './dto/coordinator.dto';
import { SiteCoordinator } from './entities/site-coordinator.entity';
import { managesSite, PeerWorkersService } from './peer-workers.service';

/** Each site's named Peer Worker Coordinator and deputy (handbook 5, 11.3). */
@Injectable()
export class SiteCoordinatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sites: SitesService,
    private readonly peerWorkers: PeerWorkersService,
  ) {}

  async setCoordinator(actor: Actor, siteId: string, request: SetSiteCoordinatorRequest): Promise<SiteCoordinator> {
    await this.sites.get(actor, siteId);
    if (!managesSite(actor, siteId)) throw new RecordNotFoundError('Site', siteId);
    await this.peerWorkers.assertUserWithRole(request.coordinatorUserId, siteId, Role.Coordinator, 'coordinatorUserId');
    if (request.deputyUserId) {
      if (request.deputyUserId === request.coordinatorUserId)
        throw new UnprocessableError('The deputy must be someone other than the coordinator', 'deputyUserId');
      await this.peerWorkers.assertUserWithRole(request.deputyUserId, siteId, null, 'deputyUserId');
    }
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(SiteCoordinator, {
        where: { siteId },
        lock: { mode: 'pessimistic_write' },
      });
      const record = existing ?? manager.create(SiteCoordinator, { siteId });
      record.coordinatorUserId = request.coordinatorUserId;
      record.deputyUserId = request.deputyUserId ?? null;
      const saved = await manager.save(record);
      await this.audit.record(
        { actor, action: 'site_coordinator.set', resourceType: 'site', resourceId: siteId },
        manager,
      );
      return saved;
    });
  }

  async coordinatorOf(actor: Actor, siteId: string): Promise<SiteCoordinator> {
    await this.sites.get(actor, siteId);
    const record = await this.peerWorkers.siteCoordinatorOf(siteId);
    if (!record) throw new RecordNotFoundError('Coordinator record of site', siteId);
    return record;
  }
}
