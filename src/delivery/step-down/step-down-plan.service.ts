import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, In, LessThan, LessThanOrEqual } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { type Actor, hasRole, isAdmin } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { ConflictError, RecordNotFoundError, UnprocessableError } from '../../common/errors/domain-errors';
import type { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import type { EpisodeMoved } from '../../common/events/domain-event-map';
import { OnDomainEvent } from '../../common/events/on-domain-event.decorator';
import { SupportEpisodesService } from '../../episodes/support-episodes.service';
import { startsCommunitySupport } from '../../episodes/support-episode.state-machine';
import type { Weekday } from '../../workforce/peer-workers/entities/peer-worker.entity';
import { PeerWorkersService } from '../../workforce/peer-workers/peer-workers.service';
import { DomainEvents } from '../../common/events/domain-events.service';
import type { SiteSettings } from '../../sites/site-settings';
import { SitesService } from '../../sites/sites.service';
import { SupportPlanTemplate, supportPlanTemplateViolations } from '../../sites/support-plan-template';
import { isEnglandAndWalesBankHoliday } from './bank-holidays';
import {
  addDays,
  IsoWeekday,
  LONDON,
  MONDAY_TO_FRIDAY,
  nextWorkingDayOnOrAfter,
  PlannedContactDraft,
  PlanSlot,
  rebaseSlots,
  scheduleSlots,
  templateSlots,
  WorkingCalendar,
} from './community-plan';
import { closedUnmet, contactFulfilledBy, heldRefusal } from './contact-windows';
import { CommunityPlanChange, CommunityPlanChangeKind } from './entities/community-plan-change.entity';
import { PlannedContact } from './entities/planned-contact.entity';
import { PlannedContactMoves } from './planned-contact-moves';

const ISO_WEEKDAY: Record<Weekday, IsoWeekday> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const todayInLondon = () => DateTime.now().setZone(LONDON).toISODate()!;
/** Contacts that may still happen: what a readmission suspends, an ending cancels, a restart replaces. */
const OUTSTANDING = ['planned', 'suspended'] as const;

export interface CommunityPlan {
  episode: SupportEpisode;
  contacts: PlannedContact[];
  changes: CommunityPlanChange[];
}

export interface ContactOutcome {
  outcome: 'held' | 'missed';
  meetingId?: string;
}

/**
 * The community plan of a support episode (handbook 14.1, 14.8, 14.9, 14.11): generated from the site's
 * template when the episode moves into community support, followed contact by contact into the
 * step-down and the planned ending, suspended by a readmission and resumed after the next discharge.
 */
@Injectable()
export class StepDownPlanService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly episodes: SupportEpisodesService,
    private readonly sites: SitesService,
    private readonly peerWorkers: PeerWorkersService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly moves: PlannedContactMoves,
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
      await this.cancelOutstanding(manager, actor, episode, 'cancelled', `Episode ended (${episode.endingReason})`);
  }

  /** Discharge: the whole plan from the discharge date, owned by the paired peer worker. */
  private async generate(manager: EntityManager, actor: Actor, episode: SupportEpisode): Promise<void> {
    if (!episode.dischargedOn) return;
    const settings = await this.sites.settingsOf(episode.siteId, manager);
    const slots = templateSlots(settings.supportPlanTemplate, settings.firstCommunityMeetingWithinDays);
    const created = await this.insertPlanned(manager, actor, episode, slots, episode.dischargedOn, 1);
    await this.recordChange(
      manager,
      actor,
      episode,
      'generated',
      'Discharged: community plan generated from the site’s template',
      created,
      {
        startDate: episode.dischargedOn,
        template: settings.supportPlanTemplate,
      },
    );
  }

  /** Readmission: every contact due from the readmission on is suspended (kept, not deleted). */
  private async suspend(manager: EntityManager, actor: Actor, episode: SupportEpisode): Promise<void> {
    const contacts = await manager
      .createQueryBuilder(PlannedContact, 'c')
      .where("c.episodeId = :id AND c.status = 'planned' AND c.dueOn >= :from", {
        id: episode.id,
        from: episode.readmittedOn,
      })
      .orderBy('c.sequence')
      .getMany();
    if (contacts.length === 0) return;
    await this.moves.move(manager, actor, episode, contacts, 'suspended', `Readmitted on ${episode.readmittedOn}`);
    await this.recordChange(manager, actor, episode, 'suspended', `Readmitted on ${episode.readmittedOn}`, contacts, {
      readmittedOn: episode.readmittedOn,
    });
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
      await this.calendarOf(episode.peerWorkerId, manager),
      1,
      await this.latestDueBefore(manager, episode.id, suspended[0].sequence),
    );
    const redated = new Map(suspended.map((contact, i) => [contact.id, this.datesOf(drafts[i])]));
    await this.moves.move(
      manager,
      actor,
      episode,
      suspended,
      'planned',
      `Discharged on ${episode.dischargedOn}: the remaining plan resumes`,
      (contact) => ({
        ...redated.get(contact.id),
        ownerPeerWorkerId: episode.peerWorkerId,
      }),
    );
    await this.recordChange(
      manager,
      actor,
      episode,
      'resumed',
      `Discharged on ${episode.dischargedOn}: the remaining plan resumes`,
      suspended,
      {
        dischargedOn: episode.dischargedOn,
      },
    );
    await this.announce(manager, actor, episode, suspended, 'resumed');
  }

  private async cancelOutstanding(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    kind: CommunityPlanChangeKind,
    reason: string,
    except: string[] = [],
  ): Promise<PlannedContact[]> {
    const contacts = (
      await manager.find(PlannedContact, {
        where: { episodeId: episode.id, status: In([...OUTSTANDING]) },
        order: { sequence: 'ASC' },
      })
    ).filter((c) => !except.includes(c.id));
    if (contacts.length === 0) return [];
    await this.moves.move(manager, actor, episode, contacts, 'cancelled', reason);
    await this.recordChange(manager, actor, episode, kind, reason, contacts);
    return contacts;
  }

  // ── Reading and following the plan ───────────────────────────────────────────────────────────

  async plan(actor: Actor, episodeId: string): Promise<CommunityPlan> {
    const episode = await this.episodes.findForArea(episodeId);
    await this.assertMayFollow(actor, episode, 'community_plan.read');
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

  /**
   * The paired peer worker (or the coordinator) records whether a contact was held or missed. The last
   * intensive contact moves the episode into the step-down; the ending session held ends it (planned ending).
   */
  async recordOutcome(actor: Actor, contactId: string, request: ContactOutcome): Promise<PlannedContact> {
    const found = await this.dataSource.getRepository(PlannedContact).findOneBy({ id: contactId });
    if (!found) throw new RecordNotFoundError('Planned contact', contactId);
    await this.assertMayFollow(
      actor,
      await this.episodes.findForArea(found.episodeId),
      'planned_contact.outcome',
      found,
    );
    return this.dataSource.transaction((manager) => this.recordOutcomeIn(manager, actor, contactId, request));
  }

  /**
   * recordOutcome inside the caller's transaction, for a meeting held or missed (delivery): the caller has
   * already checked that the actor may record it. The plan's rules and moves are the same as over HTTP.
   */
  async recordOutcomeIn(
    manager: EntityManager,
    actor: Actor,
    contactId: string,
    request: ContactOutcome,
  ): Promise<PlannedContact> {
    if (request.meetingId && request.outcome !== 'held')
      throw new UnprocessableError('Only a held contact is fulfilled by a meeting', 'meetingId');
    const found = await manager.findOneBy(PlannedContact, { id: contactId });
    if (!found) throw new RecordNotFoundError('Planned contact', contactId);
    // The episode row is the plan's lock: outcomes, extensions and moves of one episode take turns.
    const episode = await this.episodes.findForArea(found.episodeId, manager, true);
    const contact = await manager.findOneByOrFail(PlannedContact, { id: contactId });
    if (contact.status !== 'planned') {
      throw new ConflictError(
        `This contact is ${contact.status}: only a planned contact takes an outcome`,
        'contact_not_planned',
      );
    }
    if (episode.state !== 'community_support' && episode.state !== 'step_down') {
      throw new ConflictError(
        `The episode is ${episode.state}: outcomes are recorded during community support and the step-down`,
        'episode_not_in_community',
      );
    }
    if (request.outcome === 'missed' && contact.dueOn > todayInLondon())
      throw new UnprocessableError('A contact cannot be missed before it is due', 'outcome');
    let heldOn: string | null = null;
    if (request.meetingId) {
      // The meeting named must be a held meeting of the same episode (read as SQL: meetings belong to delivery).
      const [meeting] = await manager.query<
        Array<{ episode_id: string; status: string; held_on: string | null } | undefined>
      >(
        `SELECT episode_id, status, to_char(actual_start_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS held_on
           FROM meetings WHERE id = $1`,
        [request.meetingId],
      );
      if (!meeting || meeting.episode_id !== episode.id || meeting.status !== 'held') {
        throw new UnprocessableError('meetingId must name a held meeting of this support episode', 'meetingId');
      }
      heldOn = meeting.held_on;
    }
    if (request.outcome === 'held') {
      // The calendar, not the count: a contact is held only within its window (contact-windows.ts).
      const refusal = heldRefusal(contact, { heldOn, today: todayInLondon() });
      if (refusal) throw new ConflictError(refusal.message, refusal.rule);
    }
    if (contact.phase === 'ending' && request.outcome === 'held') {
      const earlier = await manager.countBy(PlannedContact, {
        episodeId: episode.id,
        status: In([...OUTSTANDING]),
        sequence: LessThan(contact.sequence),
      });
      if (earlier > 0)
        throw new ConflictError(
          'Earlier contacts of the plan are still outstanding: record them (or end early) before the ending session',
          'earlier_contacts_outstanding',
        );
    }
    const [saved] = await this.moves.move(manager, actor, episode, [contact], request.outcome, null, () => ({
      outcomeRecordedById: actor.id,
      outcomeRecordedAt: new Date(),
      meetingId: request.meetingId ?? null,
    }));
    await this.audit.record(
      {
        actor,
        action: 'planned_contact.outcome',
        resourceType: 'planned_contact',
        resourceId: contact.id,
        serviceUserId: episode.serviceUserId,
        details: {
          outcome: request.outcome,
          sequence: contact.sequence,
          phase: contact.phase,
          meetingId: request.meetingId ?? null,
        },
      },
      manager,
    );
    await this.followPlan(manager, actor, episode, contact);
    return saved;
  }

  private async followPlan(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    contact: PlannedContact,
  ): Promise<void> {
    if (contact.phase === 'intensive' && episode.state === 'community_support') {
      const left = await manager.countBy(PlannedContact, {
        episodeId: episode.id,
        phase: 'intensive',
        status: In([...OUTSTANDING]),
      });
      if (left === 0)
        await this.episodes.transition(
          actor,
          episode.id,
          'step_down',
          { reason: 'Intensive period complete: the step-down begins' },
          manager,
        );
    }
    if (contact.phase === 'ending' && contact.status === 'held') {
      if (episode.state === 'community_support')
        await this.episodes.transition(actor, episode.id, 'step_down', { reason: 'Ending session held' }, manager);
      await this.episodes.transition(
        actor,
        episode.id,
        'ended',
        { endingReason: 'planned_ending', reason: 'planned_ending: ending session held' },
        manager,
      );
    }
  }

  /**
   * The window of a contact closed with nothing recorded: the contact is missed (handbook 14.8: the step-down
   * follows the calendar), through the transition table, and the plan moves on as for any missed contact. Run by
   * the scheduled window-close job, which re-reads the record here: a contact held, suspended, cancelled or
   * re-dated since the job was planned is left alone. Returns the contact when it is missed because its window
   * closed (now, or by an earlier run of the same job), else null.
   */
  async missAfterWindow(actor: Actor, contactId: string, windowEndsOn: string): Promise<PlannedContact | null> {
    return this.dataSource.transaction(async (manager) => {
      const found = await manager.findOneBy(PlannedContact, { id: contactId });
      if (!found) return null;
      const episode = await this.episodes.findForArea(found.episodeId, manager, true);
      const contact = await manager.findOneByOrFail(PlannedContact, { id: contactId });
      if (contact.windowEndsOn !== windowEndsOn) return null; // re-dated since: its own job follows the new window
      if (contact.status === 'missed' && contact.statusReason === null && contact.outcomeRecordedById === actor.id)
        return contact; // this job ran before and was interrupted after the move: remind again (deduplicated)
      if (contact.status !== 'planned' || closedUnmet([contact], todayInLondon()).length === 0) return null;
      if (episode.state !== 'community_support' && episode.state !== 'step_down') return null;
      const reason = `Window ${contact.windowStartsOn} to ${contact.windowEndsOn} closed with no contact recorded`;
      const [saved] = await this.moves.move(manager, actor, episode, [contact], 'missed', reason, () => ({
        outcomeRecordedById: actor.id,
        outcomeRecordedAt: new Date(),
      }));
      await this.audit.record(
        {
          actor,
          action: 'planned_contact.missed_after_window',
          resourceType: 'planned_contact',
          resourceId: contact.id,
          serviceUserId: episode.serviceUserId,
          details: { sequence: contact.sequence, phase: contact.phase, windowEndsOn: contact.windowEndsOn },
        },
        manager,
      );
      await this.followPlan(manager, actor, episode, saved);
      return saved;
    });
  }

  /**
   * The planned contact a community meeting held on `heldOn` fulfils (contact-windows.ts): the one it was planned
   * for when the day is in that contact's window, else the earliest outstanding contact whose window contains the
   * day and that no other planned meeting is for; null when the meeting is extra contact.
   */
  async contactForMeeting(
    manager: EntityManager,
    episodeId: string,
    heldOn: string,
    plannedFor: string | null,
    claimedByOtherMeetings: ReadonlySet<string>,
  ): Promise<string | null> {
    const outstanding = await manager.find(PlannedContact, { where: { episodeId, status: 'planned' } });
    return contactFulfilledBy(outstanding, heldOn, { plannedFor, claimedByOtherMeetings })?.id ?? null;
  }

  // ── Coordinator's changes ────────────────────────────────────────────────────────────────────

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
      const everyWeeks = template.stepDownBands.at(-1)!.everyWeeks;
      const before = await manager
        .createQueryBuilder(PlannedContact, 'c')
        .where("c.episodeId = :episodeId AND c.sequence < :seq AND c.status <> 'cancelled'", {
          episodeId,
          seq: ending.sequence,
        })
        .orderBy('c.sequence', 'DESC')
        .getOne();
      const anchor = addDays(ending.windowStartsOn, -ending.offsetDays);
      const lastOffset = Math.max(before?.offsetDays ?? 0, ending.offsetDays - 7 * everyWeeks);
      const slots: PlanSlot[] = Array.from({ length: count }, (_, i) => ({
        phase: 'step_down',
        offsetDays: lastOffset + 7 * everyWeeks * (i + 1),
        windowDays: 7 * everyWeeks,
      }));
      slots.push({
        phase: 'ending',
        offsetDays: lastOffset + 7 * everyWeeks * (count + 1),
        windowDays: ending.windowDays,
      });
      const drafts = scheduleSlots(
        slots,
        anchor,
        await this.calendarOf(ending.ownerPeerWorkerId, manager),
        ending.sequence,
        before?.dueOn,
      );
      const endingDraft = drafts.pop()!;
      Object.assign(
        ending,
        { sequence: ending.sequence + count, offsetDays: endingDraft.offsetDays },
        this.datesOf(endingDraft),
      );
      await manager.save(ending);
      const added = await manager.save(
        drafts.map((d) => manager.create(PlannedContact, this.rowOf(episode.id, d, ending.ownerPeerWorkerId))),
      );
      await this.moves.recordCreated(manager, actor, added, `Plan extended: ${reason}`);
      await this.recordChange(manager, actor, episode, 'extended', reason, [...added, ending], {
        contacts: count,
        endingDueOn: ending.dueOn,
      });
      await this.announce(manager, actor, episode, [...added, ending], 'extended');
    });
  }

  /**
   * End early, well: the contacts still to come are cancelled and the ending session is brought forward
   * (to `endingOn` or the next working day), so the relationship still ends with an ending session.
   */
  async endEarly(actor: Actor, episodeId: string, reason: string, endingOn?: string): Promise<CommunityPlan> {
    return this.coordinatorChange(actor, episodeId, 'community_plan.end_early', async (manager, episode) => {
      const ending = await this.plannedEnding(manager, episode);
      const cancelled = await this.cancelOutstanding(
        manager,
        actor,
        episode,
        'cancelled',
        `Ending brought forward: ${reason}`,
        [ending.id],
      );
      const latest = await this.latestDueBefore(manager, episode.id, ending.sequence);
      const from = [endingOn ?? todayInLondon(), latest ? addDays(latest, 1) : null]
        .filter((d): d is string => d !== null)
        .sort()
        .at(-1)!;
      const dueOn = nextWorkingDayOnOrAfter(from, await this.calendarOf(ending.ownerPeerWorkerId, manager));
      const anchor = addDays(ending.windowStartsOn, -ending.offsetDays);
      const offsetDays = DateTime.fromISO(from).diff(DateTime.fromISO(anchor), 'days').days;
      Object.assign(ending, {
        dueOn,
        offsetDays: Math.round(offsetDays),
        windowStartsOn: from,
        windowEndsOn: addDays(from, ending.windowDays - 1),
      });
      await manager.save(ending);
      await this.recordChange(manager, actor, episode, 'ending_brought_forward', reason, [ending], {
        endingDueOn: dueOn,
        cancelled: cancelled.length,
      });
      await this.announce(manager, actor, episode, [ending], 'ending_brought_forward');
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
      await this.cancelOutstanding(manager, actor, episode, 'cancelled', `Plan restarted: ${reason}`);
      const max = await manager.maximum(PlannedContact, 'sequence', { episodeId });
      const created = await this.insertPlanned(
        manager,
        actor,
        episode,
        templateSlots(settings.supportPlanTemplate, settings.firstCommunityMeetingWithinDays),
        start,
        (max ?? 0) + 1,
      );
      await this.recordChange(manager, actor, episode, 'restarted', reason, created, { startDate: start });
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
    await this.assertManages(actor, visible, action);
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
    return this.plan(actor, episodeId);
  }

  private async plannedEnding(manager: EntityManager, episode: SupportEpisode): Promise<PlannedContact> {
    const ending = await manager.findOne(PlannedContact, {
      where: { episodeId: episode.id, phase: 'ending', status: 'planned' },
      order: { sequence: 'DESC' },
    });
    if (!ending) throw new ConflictError('The plan has no planned ending session to move', 'ending_not_planned');
    return ending;
  }

  // ── For other areas ──────────────────────────────────────────────────────────────────────────

  /** The next contact still planned (the caseload's "next planned contact"); null when none is. */
  async nextPlannedContact(episodeId: string, manager?: EntityManager): Promise<PlannedContact | null> {
    return (manager ?? this.dataSource.manager).findOne(PlannedContact, {
      where: { episodeId, status: 'planned' },
      order: { sequence: 'ASC' },
    });
  }

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
      const contacts = await m
        .createQueryBuilder(PlannedContact, 'c')
        .where(
          "c.episodeId = :episodeId AND c.ownerPeerWorkerId = :fromPeerWorkerId AND c.status = 'planned' AND c.dueOn BETWEEN :from AND :to",
          {
            episodeId,
            fromPeerWorkerId,
            ...between,
          },
        )
        .getMany();
      if (contacts.length === 0) return [];
      // Saved (not a bulk update), so each contact's version rises and an If-Match holder sees the change.
      contacts.forEach((c) => (c.ownerPeerWorkerId = toPeerWorkerId));
      await m.save(contacts);
      const episode = await this.episodes.findForArea(episodeId, m);
      await this.recordChange(
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
    const contacts = await manager
      .createQueryBuilder(PlannedContact, 'c')
      .where(
        "c.episodeId = :episodeId AND c.ownerPeerWorkerId = :ownerPeerWorkerId AND c.status = 'planned' AND c.dueOn BETWEEN :from AND :to",
        {
          episodeId,
          ownerPeerWorkerId,
          ...between,
        },
      )
      .orderBy('c.sequence')
      .getMany();
    if (contacts.length === 0) return [];
    const episode = await this.episodes.findForArea(episodeId, manager);
    const cancelled = await this.moves.move(manager, actor, episode, contacts, 'cancelled', reason);
    await this.recordChange(manager, actor, episode, 'paused_for_absence', reason, contacts, {
      ownerPeerWorkerId,
      ...between,
    });
    return cancelled;
  }

  // ── Helpers ─────────────────────────────────────────────────────────────────────────────────

  private async insertPlanned(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    slots: PlanSlot[],
    startDate: string,
    firstSequence: number,
  ): Promise<PlannedContact[]> {
    const drafts = scheduleSlots(slots, startDate, await this.calendarOf(episode.peerWorkerId, manager), firstSequence);
    const created = await manager.save(
      drafts.map((d) => manager.create(PlannedContact, this.rowOf(episode.id, d, episode.peerWorkerId))),
    );
    await this.moves.recordCreated(manager, actor, created, 'Community plan generated from the site’s template');
    await this.announce(manager, actor, episode, created, 'generated');
    return created;
  }

  private rowOf(episodeId: string, d: PlannedContactDraft, owner: string | null): Partial<PlannedContact> {
    return {
      episodeId,
      sequence: d.sequence,
      phase: d.phase,
      ...this.datesOf(d),
      ownerPeerWorkerId: owner,
      status: 'planned',
    };
  }

  private datesOf(d: PlannedContactDraft) {
    return {
      dueOn: d.dueOn,
      windowStartsOn: d.windowStartsOn,
      windowEndsOn: d.windowEndsOn,
      offsetDays: d.offsetDays,
      windowDays: d.windowDays,
    };
  }

  /** The owner's working days (their working pattern; Monday to Friday when none is recorded) and the bank holidays. */
  private async calendarOf(peerWorkerId: string | null, manager: EntityManager): Promise<WorkingCalendar> {
    let days: readonly IsoWeekday[] = MONDAY_TO_FRIDAY;
    if (peerWorkerId) {
      const worker = await this.peerWorkers.findById(peerWorkerId, manager).catch((error: unknown) => {
        if (error instanceof RecordNotFoundError) return null;
        throw error;
      });
      const pattern = worker?.workingPattern?.days ?? [];
      if (pattern.length > 0) days = [...new Set(pattern.map((d) => ISO_WEEKDAY[d]))];
    }
    return { workingDays: days, isBankHoliday: isEnglandAndWalesBankHoliday };
  }

  private async latestDueBefore(
    manager: EntityManager,
    episodeId: string,
    sequence: number,
  ): Promise<string | undefined> {
    const row = await manager
      .createQueryBuilder(PlannedContact, 'c')
      .select('MAX(c.dueOn)', 'latest')
      .where("c.episodeId = :episodeId AND c.sequence < :sequence AND c.status IN ('planned','held','missed')", {
        episodeId,
        sequence,
      })
      .getRawOne<{ latest: string | null }>();
    return row?.latest ?? undefined;
  }

  private async recordChange(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    kind: CommunityPlanChangeKind,
    reason: string | null,
    contacts: PlannedContact[],
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await manager.save(
      manager.create(CommunityPlanChange, {
        episodeId: episode.id,
        kind,
        reason,
        contactIds: contacts.map((c) => c.id),
        details,
        actorId: actor.id,
      }),
    );
    await this.audit.record(
      {
        actor,
        action: `community_plan.${kind}`,
        resourceType: 'support_episode',
        resourceId: episode.id,
        serviceUserId: episode.serviceUserId,
        details: { contacts: contacts.length, ...(reason ? { reason } : {}) },
      },
      manager,
    );
  }

  /** One `planned_contact.scheduled` outbox event per contact given a (new) due date: reminders key on it and re-read the contact. */
  private async announce(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    contacts: PlannedContact[],
    because: string,
  ): Promise<void> {
    if (contacts.length === 0) return;
    await this.events.emit(
      manager,
      actor,
      'planned-contact.scheduled',
      { episode, contacts, because },
      {
        outbox: contacts.map((c) => ({
          type: 'planned_contact.scheduled',
          aggregateType: 'planned_contact',
          aggregateId: c.id,
          payload: {
            episodeId: episode.id,
            plannedContactId: c.id,
            sequence: c.sequence,
            phase: c.phase,
            dueOn: c.dueOn,
            windowEndsOn: c.windowEndsOn,
            ownerPeerWorkerId: c.ownerPeerWorkerId,
            because,
          },
        })),
      },
    );
  }

  // ── Access ──────────────────────────────────────────────────────────────────────────────────

  /** Admins, the site's coordinators, and the paired peer worker (or the contact's owner, e.g. covering). Others: 404. */
  private async assertMayFollow(
    actor: Actor,
    episode: SupportEpisode,
    action: string,
    contact?: PlannedContact,
  ): Promise<void> {
    if (this.manages(actor, episode)) return;
    if (hasRole(actor, Role.PeerWorker) && actor.kind === 'user') {
      const me = await this.peerWorkers.findOfUser(actor.id);
      if (me && (me.id === episode.peerWorkerId || (contact && me.id === contact.ownerPeerWorkerId))) return;
    }
    await this.denied(actor, episode, action, contact);
  }

  private async assertManages(actor: Actor, episode: SupportEpisode, action: string): Promise<void> {
    if (!this.manages(actor, episode)) await this.denied(actor, episode, action);
  }

  private manages(actor: Actor, episode: SupportEpisode): boolean {
    return isAdmin(actor) || (hasRole(actor, Role.Coordinator) && actor.siteIds.includes(episode.siteId));
  }

  private async denied(
    actor: Actor,
    episode: SupportEpisode,
    action: string,
    contact?: PlannedContact,
  ): Promise<never> {
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
