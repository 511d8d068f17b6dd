import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { UnprocessableError } from '../common/errors/domain-errors';
import { SitesService } from '../sites/sites.service';
import type { OperationalReportResponse, ReadmissionOutcomesResponse } from './dto/operational-report.dto';
import { ReadmissionOutcomesRepository } from './readmission-outcomes.repository';
import type { ReportQuery } from './dto/report-query.dto';
import { ReportPeriod, ReportsRepository } from './reports.repository';

/** Longest period one report covers: enough for a trial's follow-up year and more, bounded so a day series stays small. */
export const MAX_REPORT_DAYS = 1830;

const ratio = (numerator: number, denominator: number) =>
  denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 1000;

/**
 * Operational reports for a coordinator's own sites (any site for an admin): the caller's site scope,
 * the period's rules and the site's settings here; every figure comes from ReportsRepository's SQL.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly readmissions: ReadmissionOutcomesRepository,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
  ) {}

  /** The period checked and the site visible to the caller (another site is 404, so its existence does not leak). */
  async scope(actor: Actor, query: ReportQuery): Promise<ReportPeriod> {
    await this.sites.get(actor, query.siteId);
    if (query.to < query.from) throw new UnprocessableError('to must be on or after from', 'to');
    const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 + 1;
    if (days > MAX_REPORT_DAYS) throw new UnprocessableError(`A report covers at most ${MAX_REPORT_DAYS} days`, 'to');
    return { siteId: query.siteId, from: query.from, to: query.to };
  }

  async operational(
    actor: Actor,
    query: ReportQuery,
    format: 'json' | 'csv' | 'dashboard',
  ): Promise<OperationalReportResponse> {
    const period = await this.scope(actor, query);
    const settings = await this.sites.settingsOf(period.siteId);
    const [
      caseloads,
      episodes,
      first,
      meetings,
      contacts,
      adherence,
      endings,
      supervision,
      absences,
      unattended,
      loneWorking,
      reminders,
      webhooks,
    ] = await Promise.all([
      this.reports.caseloads(period),
      this.reports.episodesByStateAndArm(period),
      this.reports.firstCommunityMeetingSummary(period, settings.firstCommunityMeetingWithinDays),
      this.reports.meetingsByModeAndSetting(period),
      this.reports.plannedContactsByPhase(period),
      this.reports.stepDownAdherence(period),
      this.reports.endingsByReason(period),
      this.reports.supervision(period, {
        individual: settings.individualSupervisionEveryDays,
        group: settings.groupSupervisionEveryDays,
      }),
      this.reports.absences(period),
      this.reports.daysWithoutResponsiblePerson(period),
      this.reports.loneWorking(period, settings.loneWorkingGraceMinutes),
      this.reports.notifications(period),
      this.reports.webhookDeliveries(period),
    ]);
    await this.audit.record({
      actor,
      action: 'report.read',
      resourceType: 'report',
      resourceId: 'operational',
      details: { ...period, format },
    });
    return {
      ...period,
      caseloads: caseloads.map((c) => ({
        ...c,
        caseloadCap: settings.caseloadCap,
        overCap: c.activeServiceUsers > settings.caseloadCap,
      })),
      episodesByStateAndArm: episodes,
      firstCommunityMeeting: {
        windowDays: settings.firstCommunityMeetingWithinDays,
        ...first,
        shareWithinWindow: ratio(first.withinWindow, first.discharged),
      },
      meetings,
      plannedContacts: contacts,
      stepDownAdherence: adherence.map((a) => ({ ...a, share: ratio(a.heldWithinWindow, a.windowsClosed) })),
      endings,
      supervision,
      absences,
      episodesWithoutResponsiblePerson: unattended,
      daysWithoutResponsiblePerson: unattended.reduce((sum, e) => sum + e.days, 0),
      loneWorking,
      reminders,
      webhooks,
    };
  }

  async readmissionOutcomes(actor: Actor, query: ReportQuery): Promise<ReadmissionOutcomesResponse> {
    const period = await this.scope(actor, query);
    const rows = await this.readmissions.byArm(period);
    await this.audit.record({
      actor,
      action: 'report.read',
      resourceType: 'report',
      resourceId: 'readmissions',
      details: { ...period },
    });
    const arms = [...new Set(rows.map((r) => r.arm))];
    return {
      ...period,
      arms: arms.map((arm) => ({
        arm,
        windows: rows
          .filter((r) => r.arm === arm)
          .map(({ days, indexDischarges, followedUp, readmitted }) => ({
            days,
            indexDischarges,
            followedUp,
            readmitted,
            rate: ratio(readmitted, followedUp),
          })),
      })),
    };
  }
}
