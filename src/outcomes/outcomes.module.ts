import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { OutcomesController } from './outcomes.controller';
import { OutcomesRepository } from './outcomes.repository';
import { OutcomesService } from './outcomes.service';

/** Outcome measures from the instrument catalogue; owns outcome_administrations. */
@Module({
  imports: [ReportsModule],
  controllers: [OutcomesController],
  providers: [OutcomesService, OutcomesRepository],
  exports: [OutcomesService, OutcomesRepository],
})
export class OutcomesModule {}
