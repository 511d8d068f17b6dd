import { Module } from '@nestjs/common';
import { AbsenceAvailability } from '../absence/absence-availability';
import { AbsenceModule } from '../absence/absence.module';
import { AttentionModule } from '../attention/attention.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { ServiceUsersModule } from '../service-users/service-users.module';
import { SitesModule } from '../sites/sites.module';
import { WorkforceModule } from '../workforce/workforce.module';
import { PairingReadsModule } from './pairing-reads.module';
import { PEER_WORKER_AVAILABILITY } from './peer-worker-availability';
import { PairingController } from './pairing.controller';
import { PairingService } from './pairing.service';
import { PairingSuggestionsService } from './pairing-suggestions.service';
import { CaseloadService } from './caseload.service';
import { LeaversCaseload } from './leavers-caseload';
import { PairingRepository } from './pairing.repository';

/**
 * Pairing service users with peer workers: suggestions (PairingSuggestionsService), the pairing itself and its
 * history (PairingService), caseloads (CaseloadService), leavers handing back theirs (LeaversCaseload).
 * Who is free comes from absences (PEER_WORKER_AVAILABILITY is AbsenceAvailability); absence cover
 * calls PairingService.suggest(episodeId, { kind: 'cover', excludePeerWorkerIds }) and startCover/endCover.
 * The caseload's next planned contact is delivery's read (NextPlannedContacts, provided by DeliveryReadsModule);
 * PairingReadsModule provides what service-users reads of the pairing history.
 */
@Module({
  imports: [
    PairingReadsModule,
    AbsenceModule,
    AttentionModule,
    EpisodesModule,
    ServiceUsersModule,
    SitesModule,
    WorkforceModule,
  ],
  controllers: [PairingController],
  providers: [
    PairingRepository,
    PairingService,
    PairingSuggestionsService,
    CaseloadService,
    LeaversCaseload,
    { provide: PEER_WORKER_AVAILABILITY, useExisting: AbsenceAvailability },
  ],
  exports: [PairingService, PEER_WORKER_AVAILABILITY],
})
export class PairingModule {}
