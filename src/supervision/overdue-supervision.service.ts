import { Injectable } from '@nestjs/common';
import { londonDate } from '../absence/absence-term';
import { AbsenceAvailability } from '../absence/absence-availability';
import { SupportRouting } from '../absence/support-routing.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { RecordNotFoundError } from '../common/errors/domain-errors';
import { SitesService } from '../sites/sites.service';
import { PeerWorkerStatus } from '../workforce/peer-workers/peer-worker-status';
import { PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { OverdueSupervisionResponse } from './dto/supervision.dto';
import { supervisionDue } from './supervision-due';
import { SupervisionRepository } from './supervision.repository';

/** Peer workers whose supervision is tracked: those holding (or covering) a caseload. */
const SUPERVISED_STATUSES = [PeerWorkerStatus.Active] as const;

/** The daily digest's view of overdue supervision (wired by the scheduling area). */
export interface OverdueSupervisionSource {
  overdueFor(siteId: string, now: Date): Promise<OverdueSupervisionResponse[]>;
}

/** Overdue supervision (handbook 11.1, 11.2): judged by the site's group and individual frequencies. */
@Injectable()
export class OverdueSupervisionService implements OverdueSupervisionSource {
  constructor(
    private readonly audit: AuditService,
    private readonly routing: SupportRouting,
    private readonly absences: AbsenceAvailability,
    private readonly peerWorkers: PeerWorkersService,
    private readonly sites: SitesService,
    private readonly supervision: SupervisionRepository,
  ) {}

  /** Overdue supervision of the site, for the coordinator (or the deputy while responsible). */
  async overdue(actor: Actor, siteId: string, now: Date = new Date()): Promise<OverdueSupervisionResponse[]> {
    await this.sites.get(actor, siteId);
    if (!(await this.routing.actsForCoordinator(actor, siteId))) throw new RecordNotFoundError('Site', siteId);
    const rows = await this.overdueFor(siteId, now);
    await this.audit.record({
      actor,
      action: 'supervision.overdue.read',
      resourceType: 'site',
      resourceId: siteId,
      details: { count: rows.length },
    });
    return rows;
  }

  /**
   * Every active peer worker of the site whose group or individual supervision is overdue at `now`, judged
   * by the site's frequencies in Europe/London calendar days. No caller scope: the daily digest calls this.
   */
  async overdueFor(siteId: string, now: Date): Promise<OverdueSupervisionResponse[]> {
    const settings = await this.sites.settingsOf(siteId);
    const workers = await this.peerWorkers.onSite(siteId, SUPERVISED_STATUSES);
    if (workers.length === 0) return [];
    const ids = workers.map((w) => w.id);
    const lastGroup = await this.supervision.lastGroupSupervision(ids);
    const lastIndividual = await this.supervision.lastIndividualSupervision(ids);
    const today = londonDate(now);
    const absent = new Set(await this.absences.absentPeerWorkerIds(siteId, today, today));
    const result: OverdueSupervisionResponse[] = [];
    for (const worker of workers) {
      for (const [kind, everyDays, last] of [
        ['group', settings.groupSupervisionEveryDays, lastGroup],
        ['individual', settings.individualSupervisionEveryDays, lastIndividual],
      ] as const) {
        const due = supervisionDue(last.get(worker.id) ?? null, everyDays, now);
        if (!due.overdue) continue;
        result.push({
          peerWorkerId: worker.id,
          displayName: worker.displayName,
          kind,
          everyDays,
          lastHeldOn: due.lastHeldOn,
          dueOn: due.dueOn,
          daysOverdue: due.daysOverdue,
          neverHeld: due.neverHeld,
          absentToday: absent.has(worker.id),
        });
      }
    }
    return result;
  }
}
