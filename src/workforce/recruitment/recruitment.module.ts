import { Module } from '@nestjs/common';
import { PeerWorkersModule } from '../peer-workers/peer-workers.module';
import { SitesModule } from '../../sites/sites.module';
import { TrainingProgrammeModule } from '../training/training.module';
import { InterviewPanels } from './interview-panels';
import { RecruitmentController } from './recruitment.controller';
import { RecruitmentService } from './recruitment.service';
import { RecruitmentRepository } from './recruitment.repository';

/** Recruitment campaigns and applications on both pathways, as a guarded workflow. */
@Module({
  imports: [SitesModule, PeerWorkersModule, TrainingProgrammeModule],
  controllers: [RecruitmentController],
  providers: [RecruitmentRepository, RecruitmentService, InterviewPanels],
})
export class RecruitmentModule {}
