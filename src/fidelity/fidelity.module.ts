import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { SitesModule } from '../sites/sites.module';
import { FidelityController } from './fidelity.controller';
import { FidelityRepository } from './fidelity.repository';
import { FidelityService } from './fidelity.service';

/** Fidelity to the ENRICH model, computed from recorded practice; indicators in fidelity-indicators.ts. */
@Module({
  imports: [SitesModule, ReportsModule],
  controllers: [FidelityController],
  providers: [FidelityService, FidelityRepository],
  exports: [FidelityService, FidelityRepository],
})
export class FidelityModule {}
