import { Module } from '@nestjs/common';
import { AbsenceModule } from '../absence/absence.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { PeerWorkersModule } from '../peer-workers/peer-workers.module';
import { ServiceUsersModule } from '../service-users/service-users.module';
import { SitesModule } from '../sites/sites.module';
import { UsersModule } from '../users/users.module';
import { CoordinatorQueueService } from './coordinator-queue.service';
import { SupervisionController } from './supervision.controller';
import { SupervisionReminders } from './supervision-reminders';
import { SupervisionService } from './supervision.service';
import { SupervisionRepository } from './supervision.repository';

/** Group and individual supervision, overdue detection, and the coordinator's queue of risk/safety/handover items. */
@Module({
  imports: [AbsenceModule, EpisodesModule, PeerWorkersModule, ServiceUsersModule, SitesModule, UsersModule],
  controllers: [SupervisionController],
  providers: [SupervisionRepository, SupervisionService, CoordinatorQueueService, SupervisionReminders],
  exports: [SupervisionService, CoordinatorQueueService],
})
export class SupervisionModule {}
