import { Module } from '@nestjs/common';
import { ServiceUsersModule } from '../service-users/service-users.module';
import { SitesModule } from '../sites/sites.module';
import { AllocationService } from './allocation/allocation.service';
import { SupportEpisodesController } from './support-episodes.controller';
import { SupportEpisodesService } from './support-episodes.service';
import { AllocationRepository } from './allocation/allocation.repository';
import { EpisodesRepository } from './episodes.repository';
import { EpisodeMoves } from './episode-moves';
import { ScopedEpisodes } from './scoped-episodes';
import { EpisodeReadsRepository } from './episode-reads.repository';
import { EpisodeReferrals } from './episode-referrals';
import { EpisodeWardStays } from './episode-ward-stays';
import { WithdrawnConsent } from './withdrawn-consent';

@Module({
  imports: [SitesModule, ServiceUsersModule],
  controllers: [SupportEpisodesController],
  providers: [
    EpisodesRepository,
    EpisodeReadsRepository,
    EpisodeMoves,
    ScopedEpisodes,
    EpisodeReferrals,
    EpisodeWardStays,
    SupportEpisodesService,
    AllocationService,
    AllocationRepository,
    WithdrawnConsent,
  ],
  // EpisodeReadsRepository: the read-only view other areas (the FHIR resources) take of episodes.
  exports: [SupportEpisodesService, EpisodeReadsRepository],
})
export class EpisodesModule {}
