import { Module } from '@nestjs/common';
import { FidelityModule } from '../fidelity/fidelity.module';
import { ResearchExtractController } from './research-extract.controller';
import { ResearchExtractRepository } from './research-extract.repository';
import { ResearchExtractService } from './research-extract.service';

/** The research extract: consented, pseudonymised, date-shifted CSV streamed from a cursor; SQL in its repository. */
@Module({
  imports: [FidelityModule],
  controllers: [ResearchExtractController],
  providers: [ResearchExtractService, ResearchExtractRepository],
})
export class ResearchModule {}
