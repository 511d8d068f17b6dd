import { Module } from '@nestjs/common';
import { SitesModule } from '../../sites/sites.module';
import { UsersModule } from '../../users/users.module';
import { CodeOfEthicsController } from './code-of-ethics.controller';
import { CodeOfEthicsService } from './code-of-ethics.service';
import { InductionController } from './induction.controller';
import { InductionService } from './induction.service';
import { PeerWorkerReadsRepository } from './peer-worker-reads.repository';
import { PeerWorkersController } from './peer-workers.controller';
import { PeerWorkersService } from './peer-workers.service';
import { PeerWorkersRepository } from './peer-workers.repository';
import { SiteContactsService } from './site-contacts.service';
import { SiteCoordinatorsService } from './site-coordinators.service';
import { SupportContactsController } from './support-contacts.controller';
import { SupportContactsService } from './support-contacts.service';

/**
 * Peer worker and coordinator records, status history, induction (and reserve induction), the code of ethics and
 * employment and welfare support. Readiness is in WorkforceModule (it needs training).
 */
@Module({
  imports: [SitesModule, UsersModule],
  controllers: [PeerWorkersController, InductionController, SupportContactsController, CodeOfEthicsController],
  providers: [
    PeerWorkersRepository,
    PeerWorkerReadsRepository,
    PeerWorkersService,
    SiteContactsService,
    InductionService,
    CodeOfEthicsService,
    SiteCoordinatorsService,
    SupportContactsService,
  ],
  // PeerWorkerReadsRepository: the read-only view other areas (the FHIR resources) take of peer workers.
  // SiteContactsService: who the reminders of every area tell at a site.
  exports: [PeerWorkersService, PeerWorkerReadsRepository, SiteContactsService, InductionService, CodeOfEthicsService],
})
export class PeerWorkersModule {}
