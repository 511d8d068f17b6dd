import { Module } from '@nestjs/common';
import { EpisodesModule } from '../../episodes/episodes.module';
import { PeerWorkersModule } from '../../workforce/peer-workers/peer-workers.module';
import { SitesModule } from '../../sites/sites.module';
import { StepDownController } from './step-down.controller';
import { PlannedContactMoves } from './planned-contact-moves';
import { StepDownPlanService } from './step-down-plan.service';
import { CommunityPlansRepository } from './community-plans.repository';

/** The community plan: site template, planned contacts, step-down and ending, readmission pause and resume. */
@Module({
  imports: [EpisodesModule, SitesModule, PeerWorkersModule],
  controllers: [StepDownController],
  providers: [StepDownPlanService, PlannedContactMoves, CommunityPlansRepository],
  // CommunityPlansRepository: the read-only view other areas (the FHIR CarePlan) take of the plans.
  exports: [StepDownPlanService, CommunityPlansRepository],
})
export class StepDownModule {}
