import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module';
import { ReportsController } from './reports.controller';
import { ReadmissionOutcomesRepository } from './readmission-outcomes.repository';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Operational reports: read-only figures over other areas' records, every query in ReportsRepository. */
@Module({
  imports: [SitesModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, ReadmissionOutcomesRepository],
  exports: [ReportsService, ReportsRepository],
})
export class ReportsModule {}
