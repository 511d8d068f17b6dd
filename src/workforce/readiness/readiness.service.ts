import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import type { PeerWorker } from '../peer-workers/entities/peer-worker.entity';
import { PeerWorkerStatus } from '../peer-workers/peer-worker-status';
import { PeerWorkersService } from '../peer-workers/peer-workers.service';
import { assessReadiness, Readiness, ReadinessCondition } from '../peer-workers/readiness';
import { TrainingService } from '../training/training.service';

/**
 * Gathers the facts for assessReadiness from the peer worker, training and induction records.
 * Pairing calls readinessOf() so the endpoint, activation and pairing share one rule.
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly peerWorkers: PeerWorkersService,
    private readonly training: TrainingService,
    private readonly audit: AuditService,
  ) {}

  async readinessOf(worker: PeerWorker): Promise<Readiness> {
    return assessReadiness({
      status: worker.status,
      dbsClearedOn: worker.dbsClearedOn,
      occupationalHealthClearedOn: worker.occupationalHealthClearedOn,
      coreModulesNotPassed: await this.training.coreModulesNotPassed(worker.id),
      inductionStepsDone: await this.peerWorkers.inductionStepsDone(worker.id),
      codeOfEthicsAcknowledgedOn: worker.codeOfEthicsAcknowledgedOn,
    });
  }

  /** Readiness by id, for pairing: refuse a peer worker whose `unmet` is not empty. */
  async readinessOfId(peerWorkerId: string): Promise<Readiness> {
    return this.readinessOf(await this.peerWorkers.findById(peerWorkerId));
  }

  async readiness(actor: Actor, peerWorkerId: string): Promise<Readiness & { peerWorker: PeerWorker }> {
    const worker = await this.peerWorkers.findVisible(actor, peerWorkerId);
    await this.audit.record({
      actor,
      action: 'peer_worker.readiness.read',
      resourceType: 'peer_worker',
      resourceId: peerWorkerId,
    });
    return { ...(await this.readinessOf(worker)), peerWorker: worker };
  }

  async changeStatus(actor: Actor, peerWorkerId: string, to: PeerWorkerStatus, reason: string): Promise<PeerWorker> {
    const worker = await this.peerWorkers.findManaged(actor, peerWorkerId);
    const { unmet } = await this.readinessOf(worker);
    return this.peerWorkers.changeStatus(
      actor,
      peerWorkerId,
      to,
      reason,
      unmet.filter((c) => c !== ReadinessCondition.Appointed),
    );
  }
}
