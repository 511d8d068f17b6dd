import { Module } from '@nestjs/common';
import { AbsenceModule } from '../absence/absence.module';
import { AttentionModule } from '../attention/attention.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { StepDownModule } from '../delivery/step-down/step-down.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { PairingModule } from '../pairing/pairing.module';
import { PeerWorkersModule } from '../workforce/peer-workers/peer-workers.module';
import { SitesModule } from '../sites/sites.module';
import { WorkforceModule } from '../workforce/workforce.module';
import { CoverController } from './cover.controller';
import { CoverReadsModule } from './cover-reads.module';
import { CoverService } from './cover.service';
import { HandoverReminders } from './handover-reminders';
import { HandoversService } from './handovers.service';

/**
 * Absence cover (handbook 15): the cover plan for a peer worker's absence, cover pairings and reserve
 * activation, handovers and hand-backs, and their reminders. Follows absences and episode moves (@OnDomainEvent) and
 * answers delivery's handover gate (CoverReadsModule provides HandoverGate), so neither area imports this one.
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
    SitesModule,
    WorkforceModule,
  ],
  controllers: [CoverController],
  providers: [CoverService, HandoversService, HandoverReminders],
  exports: [CoverService],
})
export class CoverModule {}
