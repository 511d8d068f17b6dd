import { Module } from '@nestjs/common';
import { PeerWorkersModule } from '../peer-workers/peer-workers.module';
import { SitesModule } from '../../sites/sites.module';
import { TrainingController } from './training.controller';
import { TeamPreparationService } from './team-preparation.service';
import { TrainingService } from './training.service';
import { TrainingRepository } from './training.repository';

/** The training programme (modules, sessions, attendance, assessments) and team preparation workshops. */
@Module({
  imports: [SitesModule, PeerWorkersModule],
  controllers: [TrainingController],
  providers: [TrainingRepository, TrainingService, TeamPreparationService],
  exports: [TrainingService],
})
export class TrainingProgrammeModule {}
