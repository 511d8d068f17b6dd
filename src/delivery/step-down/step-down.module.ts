import { Module } from '@nestjs/common';
import { EpisodesModule } from '../../episodes/episodes.module';
import { PeerWorkersModule } from '../../workforce/peer-workers/peer-workers.module';
import { SitesModule } from '../../sites/sites.module';
import { CommunityPlanAccess } from './community-plan-access';
import { CommunityPlanChanges } from './community-plan-changes.service';
import { CommunityPlanRecords } from './community-plan-records';
import { CommunityPlansRepository } from './community-plans.repository';
import { ContactOutcomes } from './contact-outcomes.service';
import { PlannedContactMoves } from './planned-contact-moves';
import { StepDownController } from './step-down.controller';
import { StepDownPlanService } from './step-down-plan.service';

/** The community plan: site template, planned contacts, step-down and ending, readmission pause and resume. */
@Module({
  imports: [EpisodesModule, SitesModule, PeerWorkersModule],
  controllers: [StepDownController],
  providers: [
    StepDownPlanService,
    ContactOutcomes,
    CommunityPlanChanges,
    CommunityPlanRecords,
    CommunityPlanAccess,
    PlannedContactMoves,
    CommunityPlansRepository,
  ],
  // StepDownPlanService: absence cover's hand-over and pause; ContactOutcomes: meetings held or missed, window-close
  // jobs; CommunityPlansRepository: the read-only view other areas (the FHIR CarePlan) take of the plans.
  exports: [StepDownPlanService, ContactOutcomes, CommunityPlansRepository],
})
export class StepDownModule {}
