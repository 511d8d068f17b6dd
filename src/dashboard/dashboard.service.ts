import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import type { SupportEpisode } from '../episodes/entities/support-episode.entity';
import type { SupportEpisodeTransition } from '../episodes/entities/support-episode-transition.entity';
import { SupportEpisodesService } from '../episodes/support-episodes.service';
import type { EpisodeFidelityResponse } from '../fidelity/dto/fidelity.dto';
import type { SiteFidelityResponse } from '../fidelity/dto/fidelity.dto';
import { FidelityService } from '../fidelity/fidelity.service';
import type { SiteOutcomesResponse } from '../outcomes/dto/outcome.dto';
import { OutcomesService } from '../outcomes/outcomes.service';
import type { OperationalReportResponse } from '../reports/dto/operational-report.dto';
import type { ReportQuery } from '../reports/dto/report-query.dto';
import { ReportsService } from '../reports/reports.service';
import type { OverdueItem } from '../scheduling/reminders/reminder-policy';
import { ReminderRegistry } from '../scheduling/reminders/reminder-registry';
import { SitesService } from '../sites/sites.service';
import type { DashboardQuery } from './dto/dashboard-query.dto';

/** The default period: the last 90 days to today, London dates. */
export const DEFAULT_DASHBOARD_DAYS = 90;

export interface SiteDashboard {
  site: { id: string; name: string };
  period: ReportQuery;
  report: OperationalReportResponse;
  fidelity: SiteFidelityResponse;
  outcomes: SiteOutcomesResponse;
  /** What the coordinator's morning digest would list now: overdue first community meetings, supervision … */
  overdue: OverdueItem[];
}

/** One support episode as the coordinator opens it from a fidelity miss: where it is, its moves, its indicators. */
export interface EpisodeDashboard {
  site: { id: string; name: string };
  episode: SupportEpisode;
  history: SupportEpisodeTransition[];
  fidelity: EpisodeFidelityResponse;
}

/**
 * The coordinator dashboard's figures, every one from the service that owns it (the operational report,
 * fidelity, outcome change, the reminder policies' overdue items), so the page and the JSON never disagree.
 * The site scope is theirs too: another site's coordinator gets the same 404 the API gives.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly sites: SitesService,
    private readonly reports: ReportsService,
    private readonly fidelity: FidelityService,
    private readonly outcomes: OutcomesService,
    private readonly reminders: ReminderRegistry,
    private readonly episodes: SupportEpisodesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async sitesOf(actor: Actor): Promise<{ id: string; name: string }[]> {
    const page = await this.sites.list(actor, { limit: 200 });
    return page.items.map((s) => ({ id: s.id, name: s.name }));
  }

  async site(actor: Actor, siteId: string, query: DashboardQuery, now = new Date()): Promise<SiteDashboard> {
    const site = await this.sites.get(actor, siteId);
    const today = DateTime.fromJSDate(now).setZone('Europe/London');
    const to = query.to ?? today.toISODate()!;
    const from =
      query.from ??
      DateTime.fromISO(to, { zone: 'Europe/London' })
        .minus({ days: DEFAULT_DASHBOARD_DAYS - 1 })
        .toISODate()!;
    const period: ReportQuery = { siteId, from, to };
    const report = await this.reports.operational(actor, period, 'dashboard');
    const [fidelity, outcomes] = await Promise.all([
      this.fidelity.site(actor, period),
      this.outcomes.siteChange(actor, period),
    ]);
    const overdue: OverdueItem[] = [];
    for (const source of this.reminders.overdueSources())
      overdue.push(...(await source.overdueAt(siteId, now, this.dataSource.manager)));
    overdue.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    return { site: { id: site.id, name: site.name }, period, report, fidelity, outcomes, overdue };
  }

  /**
   * The episode page: the same reads the API gives (GET /support-episodes/{id}, …/transitions, …/fidelity), each
   * scoped and audited by the service that owns it, so another site's coordinator gets the API's 404.
   */
  async episode(actor: Actor, episodeId: string): Promise<EpisodeDashboard> {
    const episode = await this.episodes.get(actor, episodeId);
    const site = await this.sites.get(actor, episode.siteId);
    const history = await this.episodes.history(actor, episodeId);
    const fidelity = await this.fidelity.episode(actor, episodeId);
    return { site: { id: site.id, name: site.name }, episode, history, fidelity };
  }
}
