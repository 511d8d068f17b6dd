import { Module } from '@nestjs/common';
import { ServiceUsersModule } from '../service-users/service-users.module';
import { SitesModule } from '../sites/sites.module';
import { AllocationService } from './allocation/allocation.service';
import { SupportEpisodesController } from './support-episodes.controller';
import { SupportEpisodesService } from './support-episodes.service';
import { AllocationRepository } from './allocation/allocation.repository';

@Module({
  imports: [SitesModule, ServiceUsersModule],
  controllers: [SupportEpisodesController],
  providers: [SupportEpisodesService, AllocationService, AllocationRepository],
  exports: [SupportEpisodesService],
})
export class EpisodesModule {}
