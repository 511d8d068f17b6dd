import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import { UnprocessableError } from '../../common/errors/domain-errors';
import type { EpisodeMoved } from '../../common/events/domain-event-map';
import { OnDomainEvent } from '../../common/events/on-domain-event.decorator';
import type { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import { SupportEpisodesService } from '../../episodes/support-episodes.service';
import { startsCommunitySupport } from '../../episodes/support-episode.state-machine';
import { SitesService } from '../../sites/sites.service';
import { SupportPlanTemplate, supportPlanTemplateViolations } from '../../sites/support-plan-template';
import { CommunityPlanAccess } from './community-plan-access';
import { CommunityPlanRecords } from './community-plan-records';
import { CommunityPlansRepository } from './community-plans.repository';
import { rebaseSlots, scheduleSlots, templateSlots } from './community-plan';
import { CommunityPlanChange } from './entities/community-plan-change.entity';
import { PlannedContact } from './entities/planned-contact.entity';
import { datesOf } from './plan-changes';
import { PlannedContactMoves } from './planned-contact-moves';

export interface CommunityPlan {
  episode: SupportEpisode;
  contacts: PlannedContact[];
  changes: CommunityPlanChange[];
}

/**
 * The community plan of a support episode (handbook 14.1, 14.8, 14.9, 14.11): generated from the site's
 * template when the episode moves into community support, suspended by a readmission and resumed after the
 * next discharge, cancelled by the ending; read whole; and handed over or paused by absence cover. Following
 * it contact by contact is ContactOutcomes; the coordinator's changes are CommunityPlanChanges.
 */
@Injectable()
export class StepDownPlanService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly episodes: SupportEpisodesService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly moves: PlannedContactMoves,
    private readonly records: CommunityPlanRecords,
    private readonly plans: CommunityPlansRepository,
    private readonly access: CommunityPlanAccess,
  ) {}

  // ── Site template ────────────────────────────────────────────────────────────────────────────

  async templateOf(actor: Actor, siteId: string): Promise<SupportPlanTemplate> {
    await this.sites.get(actor, siteId);
    return (await this.sites.settingsOf(siteId)).supportPlanTemplate;
  }

  /** A coordinator of the site (or an admin) tunes the template; plans already generated keep their dates. */
  async replaceTemplate(actor: Actor, siteId: string, template: SupportPlanTemplate): Promise<SupportPlanTemplate> {
    await this.sites.get(actor, siteId);
    const [first] = supportPlanTemplateViolations(template);
    if (first) throw new UnprocessableError(first.message, first.field);
    const clean: SupportPlanTemplate = {
      intensiveWeeks: template.intensiveWeeks,
      intensiveContactsPerWeek: template.intensiveContactsPerWeek,
      stepDownWeeks: template.stepDownWeeks,
      stepDownBands: template.stepDownBands.map((b) => ({ weeks: b.weeks, everyWeeks: b.everyWeeks })),
      maxExtensionContacts: template.maxExtensionContacts,
    };
    return (
      await this.sites.changeSettings(
        actor,
        siteId,
        { supportPlanTemplate: clean },
        'site.support_plan_template.replace',
      )
    ).supportPlanTemplate;
  }

  // ── Episode moves (same transaction as the move) ─────────────────────────────────────────────

  /** Discharge generates the plan, readmission suspends it, the next discharge resumes it, the ending cancels what is left. */
  @OnDomainEvent('episode.moved', { order: 20 })
  async followEpisode(manager: EntityManager, actor: Actor, { episode, from, to }: EpisodeMoved): Promise<void> {
    if (startsCommunitySupport(from, to)) await this.generate(manager, actor, episode);
    else if (to === 'readmitted') await this.suspend(manager, actor, episode);
    else if (from === 'readmitted' && to !== 'ended') await this.resume(manager, actor, episode);
    else if (to === 'ended')
      await this.records.cancelOutstanding(
        manager,
        actor,
        episode,
        'cancelled',
        `Episode ended (${episode.endingReason})`,
      );
  }

  /** Discharge: the whole plan from the discharge date, owned by the paired peer worker. */
  private async generate(manager: EntityManager, actor: Actor, episode: SupportEpisode): Promise<void> {
    if (!episode.dischargedOn) return;
    const settings = await this.sites.settingsOf(episode.siteId, manager);
    const slots = templateSlots(settings.supportPlanTemplate, settings.firstCommunityMeetingWithinDays);
    const created = await this.records.insertPlanned(manager, actor, episode, slots, episode.dischargedOn, 1);
    await this.records.recordChange(
      manager,
      actor,
      episode,
      'generated',
      'Discharged: community plan generated from the site’s template',
      created,
      { startDate: episode.dischargedOn, template: settings.supportPlanTemplate },
    );
  }

  /** Readmission: every contact due from the readmission on is suspended (kept, not deleted). */
  private async suspend(manager: EntityManager, actor: Actor, episode: SupportEpisode): Promise<void> {
    const contacts = await this.plans.plannedDueFrom(episode.id, episode.readmittedOn!, manager);
    if (contacts.length === 0) return;
    await this.moves.move(manager, actor, episode, contacts, 'suspended', `Readmitted on ${episode.readmittedOn}`);
    await this.records.recordChange(
      manager,
      actor,
      episode,
      'suspended',
      `Readmitted on ${episode.readmittedOn}`,
      contacts,
      { readmittedOn: episode.readmittedOn },
    );
  }

  /** The discharge after a readmission: the suspended contacts resume from the new discharge date, in order. */
  private async resume(manager: EntityManager, actor: Actor, episode: SupportEpisode): Promise<void> {
    const suspended = await manager.find(PlannedContact, {
      where: { episodeId: episode.id, status: 'suspended' },
      order: { sequence: 'ASC' },
    });
    if (suspended.length === 0 || !episode.dischargedOn) return;
    const settings = await this.sites.settingsOf(episode.siteId, manager);
    const drafts = scheduleSlots(
      rebaseSlots(suspended, settings.firstCommunityMeetingWithinDays),
      episode.dischargedOn,
      await this.records.calendarOf(episode.peerWorkerId, manager),
      1,
      await this.plans.latestDueBefore(episode.id, suspended[0].sequence, manager),
    );
    const redated = new Map(suspended.map((contact, i) => [contact.id, datesOf(drafts[i])]));
    const reason = `Discharged on ${episode.dischargedOn}: the remaining plan resumes`;
    await this.moves.move(manager, actor, episode, suspended, 'planned', reason, (contact) => ({
      ...redated.get(contact.id),
      ownerPeerWorkerId: episode.peerWorkerId,
    }));
    await this.records.recordChange(manager, actor, episode, 'resumed', reason, suspended, {
      dischargedOn: episode.dischargedOn,
    });
    await this.records.announce(manager, actor, episode, suspended, 'resumed');
  }

  // ── Reading the plan ─────────────────────────────────────────────────────────────────────────

  async plan(actor: Actor, episodeId: string): Promise<CommunityPlan> {
    const episode = await this.episodes.findForArea(episodeId);
    await this.access.assertMayFollow(actor, episode, 'community_plan.read');
    const contacts = await this.dataSource
      .getRepository(PlannedContact)
      .find({ where: { episodeId }, order: { sequence: 'ASC' } });
    const changes = await this.dataSource
      .getRepository(CommunityPlanChange)
      .find({ where: { episodeId }, order: { occurredAt: 'ASC' } });
    await this.audit.record({
      actor,
      action: 'community_plan.read',
      resourceType: 'support_episode',
      resourceId: episodeId,
      serviceUserId: episode.serviceUserId,
    });
    return { episode, contacts, changes };
  }

  // ── Absence cover ────────────────────────────────────────────────────────────────────────────

  /** Absence cover's plan: how many contacts of the episode the peer worker owns that are still planned and due by `dueBy`. */
  countPlannedOwnedBy(
    episodeId: string,
    ownerPeerWorkerId: string,
    dueBy: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    return manager.count(PlannedContact, {
      where: { episodeId, ownerPeerWorkerId, status: 'planned', dueOn: LessThanOrEqual(dueBy) },
    });
  }

  /**
   * Absence cover: planned contacts of the episode owned by `fromPeerWorkerId` and due within `between`
   * (inclusive calendar dates) pass to `toPeerWorkerId`. Dates stay (the covering worker arranges the
   * day); the change is recorded. Runs in the caller's transaction when `manager` is given.
   */
  async reassignOwner(
    actor: Actor,
    episodeId: string,
    fromPeerWorkerId: string,
    toPeerWorkerId: string,
    between: { from: string; to: string },
    manager?: EntityManager,
  ): Promise<PlannedContact[]> {
    const run = async (m: EntityManager) => {
      const contacts = await this.plans.plannedOwnedBetween(episodeId, fromPeerWorkerId, between, m);
      if (contacts.length === 0) return [];
      // Saved (not a bulk update), so each contact's version rises and an If-Match holder sees the change.
      contacts.forEach((c) => (c.ownerPeerWorkerId = toPeerWorkerId));
      await m.save(contacts);
      const episode = await this.episodes.findForArea(episodeId, m);
      await this.records.recordChange(
        m,
        actor,
        episode,
        'owner_reassigned',
        `Cover ${between.from} to ${between.to}`,
        contacts,
        { fromPeerWorkerId, toPeerWorkerId },
      );
      await this.audit.record(
        {
          actor,
          action: 'community_plan.reassign_owner',
          resourceType: 'support_episode',
          resourceId: episodeId,
          serviceUserId: episode.serviceUserId,
        },
        m,
      );
      return contacts;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /**
   * Absence cover with contact paused (the service user informed): the planned contacts of the episode
   * owned by the absent peer worker and due within `between` will not happen, so they are cancelled with
   * the reason kept (the ending stays where it was). Runs in the caller's transaction.
   */
  async pauseForAbsence(
    actor: Actor,
    episodeId: string,
    ownerPeerWorkerId: string,
    between: { from: string; to: string },
    reason: string,
    manager: EntityManager,
  ): Promise<PlannedContact[]> {
    const contacts = await this.plans.plannedOwnedBetween(episodeId, ownerPeerWorkerId, between, manager);
    if (contacts.length === 0) return [];
    const episode = await this.episodes.findForArea(episodeId, manager);
    const cancelled = await this.moves.move(manager, actor, episode, contacts, 'cancelled', reason);
    await this.records.recordChange(manager, actor, episode, 'paused_for_absence', reason, contacts, {
      ownerPeerWorkerId,
      ...between,
    });
    return cancelled;
  }
}
