import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThan } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import { ConflictError, RecordNotFoundError, UnprocessableError } from '../../common/errors/domain-errors';
import type { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import { SupportEpisodesService } from '../../episodes/support-episodes.service';
import { CommunityPlanAccess } from './community-plan-access';
import { CommunityPlansRepository } from './community-plans.repository';
import { closedUnmet, contactFulfilledBy, heldRefusal } from './contact-windows';
import { PlannedContact } from './entities/planned-contact.entity';
import { OUTSTANDING, todayInLondon } from './plan-changes';
import { PlannedContactMoves } from './planned-contact-moves';

export interface ContactOutcome {
  outcome: 'held' | 'missed';
  meetingId?: string;
}

const inCommunity = (episode: SupportEpisode) => episode.state === 'community_support' || episode.state === 'step_down';

/**
 * Following the plan contact by contact (handbook 14.8): an outcome recorded, a window closed unmet, a held meeting
 * matched to the contact whose window contains its day (contact-windows.ts, pure). The last intensive contact moves
 * the episode into the step-down; the ending session held ends it (planned ending).
 */
@Injectable()
export class ContactOutcomes {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly episodes: SupportEpisodesService,
    private readonly audit: AuditService,
    private readonly moves: PlannedContactMoves,
    private readonly plans: CommunityPlansRepository,
    private readonly access: CommunityPlanAccess,
  ) {}

  /** The paired peer worker (or the coordinator) records whether a contact was held or missed. */
  async recordOutcome(actor: Actor, contactId: string, request: ContactOutcome): Promise<PlannedContact> {
    const found = await this.dataSource.getRepository(PlannedContact).findOneBy({ id: contactId });
    if (!found) throw new RecordNotFoundError('Planned contact', contactId);
    await this.access.assertMayFollow(
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
    if (!inCommunity(episode)) {
      throw new ConflictError(
        `The episode is ${episode.state}: outcomes are recorded during community support and the step-down`,
        'episode_not_in_community',
      );
    }
    if (request.outcome === 'missed' && contact.dueOn > todayInLondon())
      throw new UnprocessableError('A contact cannot be missed before it is due', 'outcome');
    let heldOn: string | null = null;
    if (request.meetingId) {
      // The meeting named must be a held meeting of the same episode.
      const meeting = await this.plans.heldMeeting(request.meetingId, manager);
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
      if (!inCommunity(episode)) return null;
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

  /** A planned contact, read for the meetings that name one (of `episodeId` when given); null when there is none. */
  async contactOf(manager: EntityManager, contactId: string, episodeId?: string): Promise<PlannedContact | null> {
    return manager.findOneBy(PlannedContact, episodeId ? { id: contactId, episodeId } : { id: contactId });
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

  /** After an outcome: the intensive period done moves the episode into the step-down; the ending session held ends it. */
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
}
