import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { SitesService } from '../../sites/sites.service';
import type { Actor } from '../../common/auth/actor';
import type { PeerWorker } from '../peer-workers/entities/peer-worker.entity';
import { PeerWorkerStatus } from '../peer-workers/peer-worker-status';
import { CodeOfEthicsService } from '../peer-workers/code-of-ethics.service';
import { InductionService } from '../peer-workers/induction.service';
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
    private readonly induction: InductionService,
    private readonly codeOfEthics: CodeOfEthicsService,
    private readonly training: TrainingService,
    private readonly audit: AuditService,
    private readonly sites: SitesService,
  ) {}

  async readinessOf(worker: PeerWorker): Promise<Readiness> {
    return assessReadiness({
      status: worker.status,
      dbsClearedOn: worker.dbsClearedOn,
      occupationalHealthClearedOn: worker.occupationalHealthClearedOn,
      coreModulesNotPassed: await this.training.coreModulesNotPassed(worker.id),
      inductionStepsDone: await this.induction.inductionStepsDone(worker.id),
      codeOfEthicsAcknowledgedOn: await this.codeOfEthics.acknowledgedCurrentOn(worker.id),
      digitalCompetenciesMissing: await this.digitalCompetenciesMissing(worker),
    });
  }

  /** The site's required digital competencies (requiredDigitalCompetencies) the peer worker has not yet covered. */
  private async digitalCompetenciesMissing(worker: PeerWorker): Promise<string[]> {
    const { requiredDigitalCompetencies } = await this.sites.settingsOf(worker.siteId);
    if (requiredDigitalCompetencies.length === 0) return [];
    const covered = await this.training.digitalCompetenciesCovered(worker.id);
    return requiredDigitalCompetencies.filter((c) => !covered.includes(c));
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
