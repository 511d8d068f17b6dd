import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { UnprocessableError } from '../common/errors/domain-errors';
import { UsersService } from '../users/users.service';
import { PeerWorkerStatus } from '../workforce/peer-workers/peer-worker-status';
import { PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { londonDate } from './absence-term';
import { AbsenceRepository } from './absence.repository';
import type { RecordReserveInductionRequest } from './dto/absence.dto';
import { ReserveInduction } from './entities/reserve-induction.entity';

/**
 * Reserve induction (handbook 15.3): a reserve peer worker is re-introduced to the team, the caseload to be
 * covered and supervision before cover activates them. Recorded by the coordinator; cover reads the latest.
 */
@Injectable()
export class ReserveInductionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: AbsenceRepository,
    private readonly audit: AuditService,
    private readonly peerWorkers: PeerWorkersService,
    private readonly users: UsersService,
  ) {}

  async record(actor: Actor, peerWorkerId: string, request: RecordReserveInductionRequest): Promise<ReserveInduction> {
    const worker = await this.peerWorkers.findManaged(actor, peerWorkerId);
    if (worker.status !== PeerWorkerStatus.Reserve) {
      throw new UnprocessableError(
        `Reserve induction is for a peer worker in the reserve pool; this one is ${worker.status}`,
        'peerWorkerId',
      );
    }
    if (request.completedOn > londonDate(new Date()))
      throw new UnprocessableError('completedOn is in the future', 'completedOn');
    const supportedByUserId = request.supportedByUserId ?? actor.id;
    if (request.supportedByUserId) {
      const user = await this.users.findActive(request.supportedByUserId);
      if (!user || !user.siteIds.includes(worker.siteId))
        throw new UnprocessableError('supportedByUserId must name an active user of the site', 'supportedByUserId');
    }
    return this.dataSource.transaction(async (manager) => {
      const record = await manager.save(
        manager.create(ReserveInduction, {
          peerWorkerId,
          siteId: worker.siteId,
          completedOn: request.completedOn,
          topics: request.topics,
          supportedByUserId,
          note: request.note ?? null,
          recordedById: actor.id,
        }),
      );
      await this.audit.record(
        { actor, action: 'peer_worker.reserve_induction', resourceType: 'peer_worker', resourceId: peerWorkerId },
        manager,
      );
      return record;
    });
  }

  async list(actor: Actor, peerWorkerId: string): Promise<ReserveInduction[]> {
    await this.peerWorkers.findVisible(actor, peerWorkerId);
    await this.audit.record({
      actor,
      action: 'peer_worker.reserve_induction.read',
      resourceType: 'peer_worker',
      resourceId: peerWorkerId,
    });
    return this.records.reserveInductionsOf(peerWorkerId);
  }

  /** The latest reserve induction of a peer worker, or null: cover activates a reserve only after one (no caller scope). */
  latestOf(peerWorkerId: string): Promise<ReserveInduction | null> {
    return this.records.latestReserveInductionOf(peerWorkerId);
  }
}
