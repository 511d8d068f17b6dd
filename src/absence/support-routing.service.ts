import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/auth/actor';
import { RecordNotFoundError } from '../common/errors/domain-errors';
import { managesSite, PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { SitesService } from '../sites/sites.service';
import { AbsenceAvailability } from './absence-availability';
import { RoutingDecision, routeSupport } from './support-routing';

export interface SupportRoute extends RoutingDecision {
  siteId: string;
  at: Date;
}

/**
 * Who supports whom (handbook 11.3): supervision, escalations and urgent support go to the site's
 * coordinator, or to the named deputy while the coordinator is absent.
 */
@Injectable()
export class SupportRouting {
  constructor(
    private readonly absences: AbsenceAvailability,
    private readonly peerWorkers: PeerWorkersService,
    private readonly sites: SitesService,
  ) {}

  /** The responsible person at instant `at` (no caller scope: for escalations, digests and queues). 404 if the site names no coordinator. */
  async responsibleFor(siteId: string, at: Date = new Date()): Promise<SupportRoute> {
    const named = await this.peerWorkers.siteCoordinatorOf(siteId);
    if (!named) throw new RecordNotFoundError('Coordinator record of site', siteId);
    const coordinatorAbsent = await this.absences.isAbsent(named.coordinatorUserId, at);
    const deputyAbsent = named.deputyUserId ? await this.absences.isAbsent(named.deputyUserId, at) : false;
    return {
      siteId,
      at,
      ...routeSupport({
        coordinatorUserId: named.coordinatorUserId,
        deputyUserId: named.deputyUserId,
        coordinatorAbsent,
        deputyAbsent,
      }),
    };
  }

  /** Whether the caller acts for the site's coordinator now: a coordinator of the site (or admin), or the deputy while responsible. */
  async actsForCoordinator(actor: Actor, siteId: string, at: Date = new Date()): Promise<boolean> {
    if (managesSite(actor, siteId)) return true;
    const named = await this.peerWorkers.siteCoordinatorOf(siteId);
    if (!named || named.deputyUserId !== actor.id) return false;
    return (await this.responsibleFor(siteId, at)).responsibleUserId === actor.id;
  }

  /** The route as the caller may read it: staff of the site (peer workers need to know whom to call). */
  async routeForCaller(actor: Actor, siteId: string, at: Date): Promise<SupportRoute> {
    await this.sites.get(actor, siteId);
    return this.responsibleFor(siteId, at);
  }
}
