import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module';
import { PeerWorkersModule } from './peer-workers/peer-workers.module';
import { TrainingProgrammeModule } from './training/training.module';
import { ReadinessService } from './readiness/readiness.service';
import { WorkforceController } from './readiness/readiness.controller';

/**
 * Readiness to be paired: it spans peer worker records and training, so it sits above both.
 * Pairing imports this module and calls ReadinessService.readinessOf().
 */
@Module({
  imports: [PeerWorkersModule, TrainingProgrammeModule, SitesModule],
  controllers: [WorkforceController],
  providers: [ReadinessService],
  exports: [ReadinessService, PeerWorkersModule],
})
export class WorkforceModule {}
