import { Module } from '@nestjs/common';
import { SitesModule } from '../../sites/sites.module';
import { UsersModule } from '../../users/users.module';
import { PeerWorkersController } from './peer-workers.controller';
import { PeerWorkersService } from './peer-workers.service';
import { PeerWorkersRepository } from './peer-workers.repository';
import { PeerWorkerReadsRepository } from './peer-worker-reads.repository';
import { SiteContactsService } from './site-contacts.service';

/** Peer worker and coordinator records, status history and induction. Readiness is in WorkforceModule (it needs training). */
@Module({
  imports: [SitesModule, UsersModule],
  controllers: [PeerWorkersController],
  providers: [PeerWorkersRepository, PeerWorkerReadsRepository, PeerWorkersService, SiteContactsService],
  // PeerWorkerReadsRepository: the read-only view other areas (the FHIR resources) take of peer workers.
  // SiteContactsService: who the reminders of every area tell at a site.
  exports: [PeerWorkersService, PeerWorkerReadsRepository, SiteContactsService],
})
export class PeerWorkersModule {}
