import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DateTime } from 'luxon';
import { AuditService } from '../audit/audit.service';
import { type Actor, canActOnSite } from '../common/auth/actor';
import { RecordNotFoundError } from '../common/errors/domain-errors';
import type { Environment } from '../config/environment';
import type { ReportQuery } from '../reports/dto/report-query.dto';
import { ReportsService } from '../reports/reports.service';
import { SitesService } from '../sites/sites.service';
import type { EpisodeFidelityResponse, SiteFidelityResponse } from './dto/fidelity.dto';
import { FIDELITY_INDICATORS, type FidelityIndicatorKey } from './fidelity-indicators';
import { fidelityScore, figureOf, groupUnits } from './fidelity-score';
import { FidelityRepository, FidelityScope, FidelityUnitRow } from './fidelity.repository';

/** One indicator's figure and outcome for one episode, from that episode's own units. */
function episodeIndicator(indicator: (typeof FIDELITY_INDICATORS)[number], own: readonly FidelityUnitRow[]) {
  const figure = figureOf(own);
  const outcome: EpisodeFidelityResponse['indicators'][number]['outcome'] =
    indicator.unit === 'peer_worker' || own.length === 0
      ? 'not_applicable'
      : figure.numerator === own.length
        ? 'met'
        : figure.numerator === 0
          ? 'missed'
          : 'partly_met';
  return { indicator: indicator.key, ...figure, outcome };
}

/** Fidelity to the ENRICH model per site, peer worker and episode, from the indicator table and its SQL. */
@Injectable()
export class FidelityService {
  constructor(
    private readonly fidelity: FidelityRepository,
    private readonly reports: ReportsService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async site(actor: Actor, query: ReportQuery): Promise<SiteFidelityResponse> {
    const period = await this.reports.scope(actor, query);
    const units = await this.unitsOf(await this.scopeOf(period.siteId, period.from, period.to));
    const indicators = FIDELITY_INDICATORS.map((i) => ({
      indicator: i.key,
      name: i.name,
      unit: i.unit,
      handbookSection: i.handbookSection,
      ...figureOf(units.get(i.key)!),
      misses: units
        .get(i.key)!
        .filter((u) => !u.met)
        .map(({ subjectId, episodeId, peerWorkerId }) => ({
          subjectId,
          episodeId,
          episodeHref: episodeId === null ? null : this.episodeHref(episodeId),
          peerWorkerId,
        })),
    }));
    const byPeerWorker = groupUnits(units, (u) => u.peerWorkerId);
    const names = await this.fidelity.peerWorkerNames(period.siteId);
    const peerWorkers = names
      .filter((n) => byPeerWorker.has(n.id))
      .map((n) => {
        const own = byPeerWorker.get(n.id)!;
        const figures = FIDELITY_INDICATORS.map((i) => ({ indicator: i.key, ...figureOf(own.get(i.key) ?? []) }));
        return { peerWorkerId: n.id, displayName: n.displayName, score: fidelityScore(figures), indicators: figures };
      });
    const missedEpisodeIds = [
      ...new Set(indicators.flatMap((i) => i.misses.map((m) => m.episodeId)).filter((id): id is string => id !== null)),
    ];
    await this.audit.record({
      actor,
      action: 'fidelity.read',
      resourceType: 'site',
      resourceId: period.siteId,
      details: { ...period, missedEpisodeIds },
    });
    return { ...period, score: fidelityScore(indicators), indicators, peerWorkers };
  }

  /** One episode's indicators over its whole course so far (referral to today). */
  async episode(actor: Actor, episodeId: string): Promise<EpisodeFidelityResponse> {
    const episode = await this.fidelity.episode(episodeId);
    if (!episode || !canActOnSite(actor, episode.siteId)) throw new RecordNotFoundError('Support episode', episodeId);
    const to = DateTime.now().setZone('Europe/London').toISODate()!;
    const from = episode.referredOn < to ? episode.referredOn : to;
    const units = await this.unitsOf(await this.scopeOf(episode.siteId, from, to));
    const indicators = FIDELITY_INDICATORS.map((i) =>
      episodeIndicator(
        i,
        units.get(i.key)!.filter((u) => u.episodeId === episodeId),
      ),
    );
    await this.audit.record({
      actor,
      action: 'fidelity.read',
      resourceType: 'support_episode',
      resourceId: episodeId,
      serviceUserId: episode.serviceUserId,
    });
    return {
      episodeId,
      from,
      to,
      score: fidelityScore(indicators.filter((i) => i.outcome !== 'not_applicable')),
      indicators,
    };
  }

  /**
   * Every episode's indicators at a site, over the period (for the research extract: the site's whole history), the
   * same figures `episode` gives one at a time. Indicators that do not apply to an episode are left out. Not audited
   * here: the caller (the extract) audits what it reads.
   */
  async episodeIndicators(
    siteId: string,
    from: string,
    to: string,
  ): Promise<Map<string, ReturnType<typeof episodeIndicator>[]>> {
    const units = await this.unitsOf(await this.scopeOf(siteId, from, to));
    const byEpisode = groupUnits(units, (u) => u.episodeId);
    const result = new Map<string, ReturnType<typeof episodeIndicator>[]>();
    for (const [episodeId, own] of byEpisode) {
      const figures = FIDELITY_INDICATORS.map((i) => episodeIndicator(i, own.get(i.key) ?? [])).filter(
        (f) => f.outcome !== 'not_applicable',
      );
      result.set(episodeId, figures);
    }
    return result;
  }

  /** Absolute, from PUBLIC_BASE_URL (never the request's Host), like the FHIR and OAuth links. */
  private episodeHref(episodeId: string): string {
    return `${this.config.get('PUBLIC_BASE_URL', { infer: true })}/api/v1/support-episodes/${episodeId}`;
  }

  private async scopeOf(siteId: string, from: string, to: string): Promise<FidelityScope> {
    const settings = await this.sites.settingsOf(siteId);
    return {
      siteId,
      from,
      to,
      firstCommunityMeetingWithinDays: settings.firstCommunityMeetingWithinDays,
      individualSupervisionEveryDays: settings.individualSupervisionEveryDays,
      groupSupervisionEveryDays: settings.groupSupervisionEveryDays,
    };
  }

  private async unitsOf(scope: FidelityScope): Promise<Map<FidelityIndicatorKey, FidelityUnitRow[]>> {
    const rows = await Promise.all(FIDELITY_INDICATORS.map((i) => this.fidelity.units(i.key, scope)));
    return new Map(FIDELITY_INDICATORS.map((i, n) => [i.key, rows[n]]));
  }
}
