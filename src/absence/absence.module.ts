import { Module } from '@nestjs/common';
import { PeerWorkersModule } from '../workforce/peer-workers/peer-workers.module';
import { SitesModule } from '../sites/sites.module';
import { AbsenceController } from './absence.controller';
import { AbsenceAvailability } from './absence-availability';
import { AbsenceRepository } from './absence.repository';
import { AbsenceService } from './absence.service';
import { AbsenceReminders } from './absence-start.reminders';
import { SupportRouting } from './support-routing.service';

/**
 * Absences of peer workers and coordinators (a planned one starts by itself on its start date: AbsenceReminders),
 * and who supports whom while someone is away (reserve induction is workforce's: peer-workers/induction.service).
 */
@Module({
  imports: [PeerWorkersModule, SitesModule],
  controllers: [AbsenceController],
  providers: [AbsenceRepository, AbsenceService, SupportRouting, AbsenceAvailability, AbsenceReminders],
  exports: [AbsenceService, SupportRouting, AbsenceAvailability],
})
export class AbsenceModule {}
