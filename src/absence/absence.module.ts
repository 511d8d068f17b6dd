import { Module } from '@nestjs/common';
import { PeerWorkersModule } from '../workforce/peer-workers/peer-workers.module';
import { SitesModule } from '../sites/sites.module';
import { UsersModule } from '../users/users.module';
import { AbsenceController } from './absence.controller';
import { AbsenceAvailability } from './absence-availability';
import { AbsenceRepository } from './absence.repository';
import { AbsenceService } from './absence.service';
import { AbsenceReminders } from './absence-start.reminders';
import { ReserveInductionService } from './reserve-induction.service';
import { SupportRouting } from './support-routing.service';

/**
 * Absences of peer workers and coordinators (a planned one starts by itself on its start date: AbsenceReminders),
 * reserve induction, and who supports whom while someone is away.
 */
@Module({
  imports: [PeerWorkersModule, SitesModule, UsersModule],
  controllers: [AbsenceController],
  providers: [
    AbsenceRepository,
    AbsenceService,
    ReserveInductionService,
    SupportRouting,
    AbsenceAvailability,
    AbsenceReminders,
  ],
  exports: [AbsenceService, ReserveInductionService, SupportRouting, AbsenceAvailability],
})
export class AbsenceModule {}
