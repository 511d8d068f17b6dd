import { Module } from '@nestjs/common';
import { ServiceUsersModule } from '../service-users/service-users.module';
import { SitesModule } from '../sites/sites.module';
import { AllocationService } from './allocation/allocation.service';
import { SupportEpisodesController } from './support-episodes.controller';
import { SupportEpisodesService } from './support-episodes.service';
import { AllocationRepository } from './allocation/allocation.repository';
import { EpisodesRepository } from './episodes.repository';
import { EpisodeReadsRepository } from './episode-reads.repository';

@Module({
  imports: [SitesModule, ServiceUsersModule],
  controllers: [SupportEpisodesController],
  providers: [
    EpisodesRepository,
    EpisodeReadsRepository,
    SupportEpisodesService,
    AllocationService,
    AllocationRepository,
  ],
  // EpisodeReadsRepository: the read-only view other areas (the FHIR resources) take of episodes.
  exports: [SupportEpisodesService, EpisodeReadsRepository],
})
export class EpisodesModule {}
