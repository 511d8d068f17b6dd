import { Module } from '@nestjs/common';
import { PeerWorkersModule } from '../workforce/peer-workers/peer-workers.module';
import { SitesModule } from '../sites/sites.module';
import { AbsenceController } from './absence.controller';
import { AbsenceAvailability } from './absence-availability';
import { AbsenceService } from './absence.service';
import { SupportRouting } from './support-routing.service';

/** Absences of peer workers and coordinators, and who supports whom while someone is away (reserve induction is workforce's). */
@Module({
  imports: [PeerWorkersModule, SitesModule],
  controllers: [AbsenceController],
  providers: [AbsenceService, SupportRouting, AbsenceAvailability],
  exports: [AbsenceService, SupportRouting, AbsenceAvailability],
})
export class AbsenceModule {}
