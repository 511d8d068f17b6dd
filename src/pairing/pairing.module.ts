import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { ServiceUsersModule } from '../service-users/service-users.module';
import { SitesModule } from '../sites/sites.module';
import { WorkforceModule } from '../workforce/workforce.module';
import { NextPlannedContacts } from './next-planned-contact';
import { EveryoneAvailable, PEER_WORKER_AVAILABILITY } from './peer-worker-availability';
import { PairingController } from './pairing.controller';
import { PairingService } from './pairing.service';

/**
 * Pairing service users with peer workers: suggestions, the pairing itself, its history and caseloads.
 * Absence work replaces PEER_WORKER_AVAILABILITY (see peer-worker-availability.ts) and calls
 * PairingService.suggest(episodeId, { kind: 'cover', excludePeerWorkerIds }).
 * Delivery registers the caseload's next planned contact with NextPlannedContacts.provideFrom.
 */
@Module({
  imports: [EpisodesModule, ServiceUsersModule, SitesModule, WorkforceModule],
  controllers: [PairingController],
  providers: [PairingService, NextPlannedContacts, EveryoneAvailable, { provide: PEER_WORKER_AVAILABILITY, useExisting: EveryoneAvailable }],
  exports: [PairingService, PEER_WORKER_AVAILABILITY, NextPlannedContacts],
})
export class PairingModule {}
