import { Module } from '@nestjs/common';
import { ServiceUsersModule } from '../service-users/service-users.module';
import { SitesModule } from '../sites/sites.module';
import { AllocationService } from './allocation/allocation.service';
import { SupportEpisodesController } from './support-episodes.controller';
import { SupportEpisodesService } from './support-episodes.service';
import { AllocationRepository } from './allocation/allocation.repository';
import { EpisodesRepository } from './episodes.repository';
import { EpisodeMoves } from './episode-moves';
import { EpisodeReads } from './episode-reads';
import { EpisodeReferrals } from './episode-referrals';
import { EpisodeWardStays } from './episode-ward-stays';
import { WithdrawnConsent } from './withdrawn-consent';

@Module({
  imports: [SitesModule, ServiceUsersModule],
  controllers: [SupportEpisodesController],
  providers: [
    EpisodesRepository,
    EpisodeMoves,
    EpisodeReads,
    EpisodeReferrals,
    EpisodeWardStays,
    SupportEpisodesService,
    AllocationService,
    AllocationRepository,
    WithdrawnConsent,
  ],
  exports: [SupportEpisodesService],
})
export class EpisodesModule {}
