import { Module } from '@nestjs/common';
import { AbsenceModule } from '../absence/absence.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { PeerWorkersModule } from '../workforce/peer-workers/peer-workers.module';
import { ServiceUsersModule } from '../service-users/service-users.module';
import { SitesModule } from '../sites/sites.module';
import { UsersModule } from '../users/users.module';
import { CoordinatorQueueService } from './coordinator-queue.service';
import { SupervisionController } from './supervision.controller';
import { SupervisionReminders } from './supervision-reminders';
import { GroupSupervisionService } from './group-supervision.service';
import { IndividualSupervisionService } from './individual-supervision.service';
import { OverdueSupervisionService } from './overdue-supervision.service';
import { SupervisionConcernsService } from './supervision-concerns.service';
import { SupervisionRepository } from './supervision.repository';

/**
 * Group and individual supervision, the concerns they raise, overdue detection (the daily digest's source and
 * its reminder), and the coordinator's queue of risk/safety/handover items.
 */
@Module({
  imports: [AbsenceModule, EpisodesModule, PeerWorkersModule, ServiceUsersModule, SitesModule, UsersModule],
  controllers: [SupervisionController],
  providers: [
    SupervisionRepository,
    SupervisionConcernsService,
    GroupSupervisionService,
    IndividualSupervisionService,
    OverdueSupervisionService,
    CoordinatorQueueService,
    SupervisionReminders,
  ],
  exports: [OverdueSupervisionService, CoordinatorQueueService],
})
export class SupervisionModule {}
