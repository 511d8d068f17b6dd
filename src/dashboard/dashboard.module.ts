import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { FidelityModule } from '../fidelity/fidelity.module';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { ReportsModule } from '../reports/reports.module';
import { SitesModule } from '../sites/sites.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/** The coordinator dashboard: figures from reports, fidelity and outcomes (and the episodes behind them), drawn as HTML and SVG on the server. */
@Module({
  imports: [SitesModule, EpisodesModule, ReportsModule, FidelityModule, OutcomesModule],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
