import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import { AccessDeniedError, RecordNotFoundError, UnprocessableError } from '../../common/errors/domain-errors';
import { CodeOfEthicsAcknowledgement } from './entities/code-of-ethics-acknowledgement.entity';
import { CodeOfEthicsVersion } from './entities/code-of-ethics-version.entity';
import { PeerWorker } from './entities/peer-worker.entity';
import { PeerWorkersService } from './peer-workers.service';

const today = (): string => DateTime.now().setZone('Europe/London').toISODate()!;

/**
 * The ENRICH Peer Worker Code of Ethics (handbook 14.10): versioned text, acknowledged by every peer worker as their
 * own act (signed in to their own account). Readiness needs the current version acknowledged.
 */
@Injectable()
export class CodeOfEthicsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly peerWorkers: PeerWorkersService,
  ) {}

  async current(manager: EntityManager = this.dataSource.manager): Promise<CodeOfEthicsVersion> {
    const [latest] = await manager.find(CodeOfEthicsVersion, { order: { version: 'DESC' }, take: 1 });
    if (!latest) throw new RecordNotFoundError('Code of ethics');
    return latest;
  }

  /** An admin publishes a new text: from then on every peer worker acknowledges it before they are ready again. */
  async publish(actor: Actor, text: string): Promise<CodeOfEthicsVersion> {
    return this.dataSource.transaction(async (manager) => {
      // One publication at a time: lock the current version, so the new number is the next after the highest.
      const [latest] = await manager.find(CodeOfEthicsVersion, {
        order: { version: 'DESC' },
        take: 1,
        lock: { mode: 'pessimistic_write' },
      });
      const version = await manager.save(
        manager.create(CodeOfEthicsVersion, {
          version: (latest?.version ?? 0) + 1,
          text,
          publishedOn: today(),
          publishedById: actor.id,
        }),
      );
      await this.audit.record(
        {
          actor,
          action: 'code_of_ethics.publish',
          resourceType: 'code_of_ethics',
          resourceId: version.id,
          details: { version: version.version },
        },
        manager,
      );
      return version;
    });
  }

  /** The peer worker acknowledges the current version themselves; nobody can do it on their behalf. */
  async acknowledge(actor: Actor, peerWorkerId: string, version: number): Promise<CodeOfEthicsAcknowledgement> {
    const visible = await this.peerWorkers.findVisible(actor, peerWorkerId);
    if (visible.userId === null || visible.userId !== actor.id) {
      const refusal = new AccessDeniedError(
        'The code of ethics is acknowledged by the peer worker themself, signed in to their own account',
      );
      refusal.extensions.rule = 'own_acknowledgement';
      throw refusal;
    }
    const current = await this.current();
    if (version !== current.version) {
      const refusal = new UnprocessableError(
        `Version ${current.version} of the code of ethics is current: read it and acknowledge that version`,
        'version',
      );
      refusal.extensions.rule = 'code_of_ethics_current_version';
      throw refusal;
    }
    return this.dataSource.transaction(async (manager) => {
      const worker = await manager.findOneOrFail(PeerWorker, {
        where: { id: peerWorkerId },
        lock: { mode: 'pessimistic_write' },
      });
      const already = await manager.findOneBy(CodeOfEthicsAcknowledgement, {
        peerWorkerId,
        versionId: current.id,
      });
      if (already) return already;
      const acknowledgement = await manager.save(
        manager.create(CodeOfEthicsAcknowledgement, {
          peerWorkerId,
          versionId: current.id,
          version: current.version,
          acknowledgedOn: today(),
          acknowledgedByUserId: actor.id,
          source: 'peer_worker',
        }),
      );
      // Kept on the record too: meetings check it before a peer worker records support.
      worker.codeOfEthicsAcknowledgedOn = acknowledgement.acknowledgedOn;
      await manager.save(worker);
      await this.audit.record(
        {
          actor,
          action: 'peer_worker.code_of_ethics',
          resourceType: 'peer_worker',
          resourceId: peerWorkerId,
          details: { version: current.version },
        },
        manager,
      );
      return acknowledgement;
    });
  }

  /** When the peer worker acknowledged the current version, or null (no caller scope): the fact readiness needs. */
  async acknowledgedCurrentOn(peerWorkerId: string): Promise<string | null> {
    const current = await this.current().catch(() => null);
    if (!current) return null;
    const row = await this.dataSource
      .getRepository(CodeOfEthicsAcknowledgement)
      .findOneBy({ peerWorkerId, versionId: current.id });
    return row?.acknowledgedOn ?? null;
  }
}
