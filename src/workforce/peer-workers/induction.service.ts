import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import { UnprocessableError } from '../../common/errors/domain-errors';
import { InductionChecklistResponse, RecordReserveInductionRequest } from './dto/induction.dto';
import { InductionStepRecord } from './entities/induction-step-record.entity';
import { ReserveInduction } from './entities/reserve-induction.entity';
import { INDUCTION_STEPS, InductionStep, PeerWorkerStatus } from './peer-worker-status';
import { PeerWorkersService } from './peer-workers.service';

/**
 * Induction (handbook 9): the checklist every peer worker completes before working with service users, and
 * the support and induction of a reserve peer worker before activation (15.3), recorded each time a reserve
 * is brought in. Activation checks the latest reserve induction itself (PeerWorkersService.moveStatus).
 */
@Injectable()
export class InductionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly peerWorkers: PeerWorkersService,
  ) {}

  async inductionChecklist(actor: Actor, id: string): Promise<InductionChecklistResponse> {
    await this.peerWorkers.findVisible(actor, id);
    await this.audit.record({
      actor,
      action: 'peer_worker.induction.read',
      resourceType: 'peer_worker',
      resourceId: id,
    });
    return this.checklistOf(id);
  }

  async signOffInductionStep(
    actor: Actor,
    id: string,
    step: InductionStep,
    completedOn: string,
  ): Promise<InductionChecklistResponse> {
    await this.peerWorkers.findManaged(actor, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.upsert(InductionStepRecord, { peerWorkerId: id, step, completedOn, signedOffBy: actor.id }, [
        'peerWorkerId',
        'step',
      ]);
      await this.audit.record(
        { actor, action: 'peer_worker.induction', resourceType: 'peer_worker', resourceId: id, details: { step } },
        manager,
      );
    });
    return this.checklistOf(id);
  }

  /** The induction steps signed off for a peer worker (no caller scope): the induction fact readiness needs. */
  async inductionStepsDone(peerWorkerId: string): Promise<InductionStep[]> {
    const rows = await this.dataSource.getRepository(InductionStepRecord).findBy({ peerWorkerId });
    return rows.map((r) => r.step);
  }

  async recordReserveInduction(
    actor: Actor,
    peerWorkerId: string,
    request: RecordReserveInductionRequest,
  ): Promise<ReserveInduction> {
    const worker = await this.peerWorkers.findManaged(actor, peerWorkerId);
    if (worker.status !== PeerWorkerStatus.Reserve) {
      throw new UnprocessableError(
        `Reserve induction is for a peer worker in the reserve pool; this one is ${worker.status}`,
        'peerWorkerId',
      );
    }
    if (request.completedOn > DateTime.now().setZone('Europe/London').toISODate()!)
      throw new UnprocessableError('completedOn is in the future', 'completedOn');
    const supportedByUserId = request.supportedByUserId ?? actor.id;
    if (request.supportedByUserId) {
      await this.peerWorkers
        .assertUserWithRole(request.supportedByUserId, worker.siteId, null, 'supportedByUserId')
        .catch(() => {
          throw new UnprocessableError('supportedByUserId must name an active user of the site', 'supportedByUserId');
        });
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

  async reserveInductions(actor: Actor, peerWorkerId: string): Promise<ReserveInduction[]> {
    await this.peerWorkers.findVisible(actor, peerWorkerId);
    await this.audit.record({
      actor,
      action: 'peer_worker.reserve_induction.read',
      resourceType: 'peer_worker',
      resourceId: peerWorkerId,
    });
    return this.dataSource
      .getRepository(ReserveInduction)
      .find({ where: { peerWorkerId }, order: { completedOn: 'DESC', createdAt: 'DESC' } });
  }

  private async checklistOf(peerWorkerId: string): Promise<InductionChecklistResponse> {
    const rows = await this.dataSource.getRepository(InductionStepRecord).findBy({ peerWorkerId });
    const steps = INDUCTION_STEPS.map((step) => {
      const row = rows.find((r) => r.step === step);
      return { step, done: !!row, completedOn: row?.completedOn ?? null, signedOffBy: row?.signedOffBy ?? null };
    });
    return { peerWorkerId, complete: steps.every((s) => s.done), steps };
  }
}
