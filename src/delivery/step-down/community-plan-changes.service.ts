import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import { ConflictError, UnprocessableError } from '../../common/errors/domain-errors';
import type { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import { SupportEpisodesService } from '../../episodes/support-episodes.service';
import type { SiteSettings } from '../../sites/site-settings';
import { SitesService } from '../../sites/sites.service';
import { CommunityPlanAccess } from './community-plan-access';
import { CommunityPlanRecords } from './community-plan-records';
import { CommunityPlansRepository } from './community-plans.repository';
import { scheduleSlots, templateSlots } from './community-plan';
import { CommunityPlanChange } from './entities/community-plan-change.entity';
import { PlannedContact } from './entities/planned-contact.entity';
import { broughtForwardEnding, datesOf, extensionSlots, planStartOf, rowOf, todayInLondon } from './plan-changes';
import { PlannedContactMoves } from './planned-contact-moves';
import { CommunityPlan, StepDownPlanService } from './step-down-plan.service';

/**
 * The coordinator's changes to a community plan during community support and the step-down (handbook 14.9,
 * 14.11): extend it, end early (well: with an ending session), restart it after a readmission. Each is one
 * transaction on the locked episode, audited, and answers with the plan as it now stands.
 */
@Injectable()
export class CommunityPlanChanges {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly episodes: SupportEpisodesService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly moves: PlannedContactMoves,
    private readonly records: CommunityPlanRecords,
    private readonly plans: CommunityPlansRepository,
    private readonly access: CommunityPlanAccess,
    private readonly reads: StepDownPlanService,
  ) {}

  /** Add step-down contacts before the ending session (spaced as the last band), with a reason. */
  async extend(actor: Actor, episodeId: string, count: number, reason: string): Promise<CommunityPlan> {
    return this.coordinatorChange(actor, episodeId, 'community_plan.extend', async (manager, episode, settings) => {
      const ending = await this.plannedEnding(manager, episode);
      const template = settings.supportPlanTemplate;
      const already = (await manager.find(CommunityPlanChange, { where: { episodeId, kind: 'extended' } })).reduce(
        (n, c) => n + Number(c.details.contacts ?? 0),
        0,
      );
      if (already + count > template.maxExtensionContacts) {
        throw new UnprocessableError(
          `The site allows at most ${template.maxExtensionContacts} added contacts per plan (${already} added already)`,
          'contacts',
        );
      }
      const before = await this.plans.lastNotCancelledBefore(episodeId, ending.sequence, manager);
      const slots = extensionSlots(ending, before?.offsetDays, count, template.stepDownBands.at(-1)!.everyWeeks);
      const drafts = scheduleSlots(
        slots,
        planStartOf(ending),
        await this.records.calendarOf(ending.ownerPeerWorkerId, manager),
        ending.sequence,
        before?.dueOn,
      );
      const endingDraft = drafts.pop()!;
      Object.assign(
        ending,
        { sequence: ending.sequence + count, offsetDays: endingDraft.offsetDays },
        datesOf(endingDraft),
      );
      await manager.save(ending);
      const added = await manager.save(
        drafts.map((d) => manager.create(PlannedContact, rowOf(episode.id, d, ending.ownerPeerWorkerId))),
      );
      await this.moves.recordCreated(manager, actor, added, `Plan extended: ${reason}`);
      await this.records.recordChange(manager, actor, episode, 'extended', reason, [...added, ending], {
        contacts: count,
        endingDueOn: ending.dueOn,
      });
      await this.records.announce(manager, actor, episode, [...added, ending], 'extended');
    });
  }

  /**
   * End early, well: the contacts still to come are cancelled and the ending session is brought forward
   * (to `endingOn` or the next working day), so the relationship still ends with an ending session.
   */
  async endEarly(actor: Actor, episodeId: string, reason: string, endingOn?: string): Promise<CommunityPlan> {
    return this.coordinatorChange(actor, episodeId, 'community_plan.end_early', async (manager, episode) => {
      const ending = await this.plannedEnding(manager, episode);
      const cancelled = await this.records.cancelOutstanding(
        manager,
        actor,
        episode,
        'cancelled',
        `Ending brought forward: ${reason}`,
        [ending.id],
      );
      const moved = broughtForwardEnding(
        ending,
        {
          endingOn: endingOn ?? todayInLondon(),
          latestDueBefore: await this.plans.latestDueBefore(episode.id, ending.sequence, manager),
        },
        await this.records.calendarOf(ending.ownerPeerWorkerId, manager),
      );
      Object.assign(ending, moved);
      await manager.save(ending);
      await this.records.recordChange(manager, actor, episode, 'ending_brought_forward', reason, [ending], {
        endingDueOn: moved.dueOn,
        cancelled: cancelled.length,
      });
      await this.records.announce(manager, actor, episode, [ending], 'ending_brought_forward');
      if (episode.state === 'community_support')
        await this.episodes.transition(
          actor,
          episode.id,
          'step_down',
          { reason: `Ending brought forward: ${reason}` },
          manager,
        );
    });
  }

  /** After a readmission, the coordinator may start the plan afresh instead of resuming it. */
  async restart(actor: Actor, episodeId: string, reason: string, startDate?: string): Promise<CommunityPlan> {
    return this.coordinatorChange(actor, episodeId, 'community_plan.restart', async (manager, episode, settings) => {
      if (!episode.readmittedOn)
        throw new ConflictError(
          'A community plan restarts only after a readmission; extend it or end early instead',
          'restart_after_readmission',
        );
      const start = startDate ?? todayInLondon();
      if (episode.dischargedOn && start < episode.dischargedOn)
        throw new UnprocessableError('The restart cannot start before the latest discharge', 'startDate');
      await this.records.cancelOutstanding(manager, actor, episode, 'cancelled', `Plan restarted: ${reason}`);
      const max = await manager.maximum(PlannedContact, 'sequence', { episodeId });
      const created = await this.records.insertPlanned(
        manager,
        actor,
        episode,
        templateSlots(settings.supportPlanTemplate, settings.firstCommunityMeetingWithinDays),
        start,
        (max ?? 0) + 1,
      );
      await this.records.recordChange(manager, actor, episode, 'restarted', reason, created, { startDate: start });
      if (episode.state === 'step_down')
        await this.episodes.transition(
          actor,
          episode.id,
          'community_support',
          { reason: `Community plan restarted: ${reason}` },
          manager,
        );
    });
  }

  private async coordinatorChange(
    actor: Actor,
    episodeId: string,
    action: string,
    change: (manager: EntityManager, episode: SupportEpisode, settings: SiteSettings) => Promise<void>,
  ): Promise<CommunityPlan> {
    const visible = await this.episodes.findForArea(episodeId);
    await this.access.assertManages(actor, visible, action);
    await this.dataSource.transaction(async (manager) => {
      const episode = await this.episodes.findForArea(episodeId, manager, true);
      if (episode.state !== 'community_support' && episode.state !== 'step_down') {
        throw new ConflictError(
          `The episode is ${episode.state}: the community plan changes during community support and the step-down`,
          'episode_not_in_community',
        );
      }
      await change(manager, episode, await this.sites.settingsOf(episode.siteId, manager));
      await this.audit.record(
        { actor, action, resourceType: 'support_episode', resourceId: episodeId, serviceUserId: episode.serviceUserId },
        manager,
      );
    });
    return this.reads.plan(actor, episodeId);
  }

  private async plannedEnding(manager: EntityManager, episode: SupportEpisode): Promise<PlannedContact> {
    const ending = await manager.findOne(PlannedContact, {
      where: { episodeId: episode.id, phase: 'ending', status: 'planned' },
      order: { sequence: 'DESC' },
    });
    if (!ending) throw new ConflictError('The plan has no planned ending session to move', 'ending_not_planned');
    return ending;
  }
}
