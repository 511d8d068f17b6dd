import { Module } from '@nestjs/common';
import { AbsenceModule } from '../absence/absence.module';
import { AttentionModule } from '../attention/attention.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { StepDownModule } from '../delivery/step-down/step-down.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { PairingModule } from '../pairing/pairing.module';
import { PeerWorkersModule } from '../workforce/peer-workers/peer-workers.module';
import { ServiceUsersModule } from '../service-users/service-users.module';
import { SitesModule } from '../sites/sites.module';
import { WorkforceModule } from '../workforce/workforce.module';
import { AbsenceWithoutCover } from './absence-without-cover';
import { CoverArrangements } from './cover-arrangements.service';
import { CoverController } from './cover.controller';
import { CoverPlanReader } from './cover-plan.reader';
import { CoverReadsModule } from './cover-reads.module';
import { CoverRepository } from './cover.repository';
import { CoverService } from './cover.service';
import { CoverSuggestions } from './cover-suggestions';
import { HandoverReminders } from './handover-reminders';
import { HandoversService } from './handovers.service';

/**
 * Absence cover (handbook 15): the cover plan for a peer worker's absence (CoverService, read by CoverPlanReader,
 * suggested by CoverSuggestions), cover pairings and reserve activation (CoverArrangements), the coordinator's queue
 * while an absence has no cover (AbsenceWithoutCover), handovers and hand-backs, and their reminders. Follows
 * absences and episode moves (@OnDomainEvent) and answers delivery's handover gate (CoverReadsModule provides
 * HandoverGate), so neither area imports this one. Every query is in CoverRepository.
 */
@Module({
  imports: [
    CoverReadsModule,
    AbsenceModule,
    AttentionModule,
    DeliveryModule,
    StepDownModule,
    EpisodesModule,
    PairingModule,
    PeerWorkersModule,
    ServiceUsersModule,
    SitesModule,
    WorkforceModule,
  ],
  controllers: [CoverController],
  providers: [
    CoverRepository,
    CoverService,
    CoverPlanReader,
    CoverSuggestions,
    CoverArrangements,
    AbsenceWithoutCover,
    HandoversService,
    HandoverReminders,
  ],
  exports: [CoverService],
})
export class CoverModule {}
