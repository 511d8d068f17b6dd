import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import { UnprocessableError } from '../../common/errors/domain-errors';
import { RecordSupportContactRequest } from './dto/support-contact.dto';
import { PeerWorkerSupportContact } from './entities/peer-worker-support-contact.entity';
import { PeerWorkersService } from './peer-workers.service';

/** Employment and welfare support offered to peer workers (handbook 6.7): recorded by the coordinator, read by them and the peer worker. */
@Injectable()
export class SupportContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly peerWorkers: PeerWorkersService,
  ) {}

  async record(
    actor: Actor,
    peerWorkerId: string,
    request: RecordSupportContactRequest,
  ): Promise<PeerWorkerSupportContact> {
    const worker = await this.peerWorkers.findManaged(actor, peerWorkerId);
    if (request.contactOn > DateTime.now().setZone('Europe/London').toISODate()!)
      throw new UnprocessableError('contactOn is in the future: record support once it has been given', 'contactOn');
    return this.dataSource.transaction(async (manager) => {
      const contact = await manager.save(
        manager.create(PeerWorkerSupportContact, {
          peerWorkerId,
          siteId: worker.siteId,
          contactOn: request.contactOn,
          kind: request.kind,
          providedBy: request.providedBy,
          notes: request.notes ?? null,
          recordedById: actor.id,
        }),
      );
      await this.audit.record(
        {
          actor,
          action: 'peer_worker.support_contact',
          resourceType: 'peer_worker',
          resourceId: peerWorkerId,
          details: { kind: request.kind, contactId: contact.id },
        },
        manager,
      );
      return contact;
    });
  }

  /** Newest first: the site's coordinators, admins, or the peer worker themself. */
  async list(actor: Actor, peerWorkerId: string): Promise<PeerWorkerSupportContact[]> {
    await this.peerWorkers.findVisible(actor, peerWorkerId);
    await this.audit.record({
      actor,
      action: 'peer_worker.support_contact.read',
      resourceType: 'peer_worker',
      resourceId: peerWorkerId,
    });
    return this.dataSource
      .getRepository(PeerWorkerSupportContact)
      .find({ where: { peerWorkerId }, order: { contactOn: 'DESC', createdAt: 'DESC' } });
  }
}
