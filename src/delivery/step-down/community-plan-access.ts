import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { type Actor, hasRole, isAdmin } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { RecordNotFoundError } from '../../common/errors/domain-errors';
import type { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import { PeerWorkersService } from '../../workforce/peer-workers/peer-workers.service';
import type { PlannedContact } from './entities/planned-contact.entity';

type PlanEpisode = Pick<SupportEpisode, 'id' | 'siteId' | 'serviceUserId' | 'peerWorkerId'>;

/** Who may follow and change a community plan. Others get 404 (audited), so existence does not leak. */
@Injectable()
export class CommunityPlanAccess {
  constructor(
    private readonly audit: AuditService,
    private readonly peerWorkers: PeerWorkersService,
  ) {}

  /** Admins, the site's coordinators, and the paired peer worker (or the contact's owner, e.g. covering). */
  async assertMayFollow(actor: Actor, episode: PlanEpisode, action: string, contact?: PlannedContact): Promise<void> {
    if (this.manages(actor, episode)) return;
    if (hasRole(actor, Role.PeerWorker) && actor.kind === 'user') {
      const me = await this.peerWorkers.findOfUser(actor.id);
      if (me && (me.id === episode.peerWorkerId || (contact && me.id === contact.ownerPeerWorkerId))) return;
    }
    await this.denied(actor, episode, action, contact);
  }

  /** Admins and the site's coordinators change the plan. */
  async assertManages(actor: Actor, episode: PlanEpisode, action: string): Promise<void> {
    if (!this.manages(actor, episode)) await this.denied(actor, episode, action);
  }

  private manages(actor: Actor, episode: PlanEpisode): boolean {
    return isAdmin(actor) || (hasRole(actor, Role.Coordinator) && actor.siteIds.includes(episode.siteId));
  }

  private async denied(actor: Actor, episode: PlanEpisode, action: string, contact?: PlannedContact): Promise<never> {
    const [resourceType, resourceId] = contact ? ['planned_contact', contact.id] : ['support_episode', episode.id];
    await this.audit.record({
      actor,
      action,
      resourceType,
      resourceId,
      serviceUserId: episode.serviceUserId,
      outcome: 'denied',
    });
    throw new RecordNotFoundError(contact ? 'Planned contact' : 'Support episode', resourceId);
  }
}
