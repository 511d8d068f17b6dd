import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Operational reports: read-only figures over other areas' records, every query in ReportsRepository. */
@Module({
  imports: [SitesModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository],
  exports: [ReportsService, ReportsRepository],
})
export class ReportsModule {}
