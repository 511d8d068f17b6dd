import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SiteContacts } from '../../scheduling/reminders/site-contacts';
import { UsersService } from '../../users/users.service';
import { PeerWorkerReadsRepository } from './peer-worker-reads.repository';

/**
 * Who to tell at a site, read at fire time in the reminder's transaction (a coordinator or deputy may have changed
 * since the reminder was planned): the named coordinator and deputy and the peer workers' accounts are this area's,
 * the other holders of the coordinator role are read from users.
 */
@Injectable()
export class SiteContactsService implements SiteContacts {
  constructor(
    private readonly peerWorkers: PeerWorkerReadsRepository,
    private readonly users: UsersService,
  ) {}

  async coordinatorsOf(siteId: string, manager: EntityManager): Promise<string[]> {
    const [named] = await this.peerWorkers.coordinatorsOf([siteId], manager);
    const roleHolders = await this.users.activeCoordinatorIdsOn(siteId, manager);
    return [...new Set([...(named ? [named.coordinatorUserId] : []), ...roleHolders])].sort();
  }

  async deputyOf(siteId: string, manager: EntityManager): Promise<string | null> {
    const [named] = await this.peerWorkers.coordinatorsOf([siteId], manager);
    return named?.deputyUserId ?? null;
  }

  userOfPeerWorker(peerWorkerId: string, manager: EntityManager): Promise<string | null> {
    return this.peerWorkers.userOf(peerWorkerId, manager);
  }
}
