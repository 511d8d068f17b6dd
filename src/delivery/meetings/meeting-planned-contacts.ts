import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, Not } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { ConflictError } from '../../common/errors/domain-errors';
import type { MeetingSetting } from '../../common/vocabulary/meeting-vocabulary';
import { unprocessable } from '../delivery-rule';
import type { DeliveryEpisode } from '../delivery.repository';
import { ContactOutcomes } from '../step-down/contact-outcomes.service';
import { Meeting } from './entities/meeting.entity';
import { londonDateOf } from './meeting-rules';

const inCommunity = (episode: DeliveryEpisode) =>
  episode.state === 'community_support' || episode.state === 'step_down';

/**
 * How meetings meet the community plan: the planned contact a meeting is for, and the contact's outcome when the
 * meeting is held or missed (the plan's rules and moves are ContactOutcomes', in the meeting's transaction).
 */
@Injectable()
export class MeetingPlannedContacts {
  constructor(private readonly plans: ContactOutcomes) {}

  /**
   * A planned contact a new meeting may be for: one of the episode's, still planned, not already the
   * contact of another planned meeting, and the meeting is not a ward meeting (contacts are community support).
   */
  async claimable(
    manager: EntityManager,
    episode: DeliveryEpisode,
    contactId: string,
    setting: MeetingSetting,
  ): Promise<string> {
    const contact = await this.plans.contactOf(manager, contactId, episode.id);
    if (!contact)
      throw unprocessable(
        'planned_contact_of_episode',
        'plannedContactId',
        'No such planned contact in this episode’s community plan',
      );
    if (setting === 'ward')
      throw unprocessable(
        'planned_contact_in_community',
        'plannedContactId',
        'A planned contact is community support: a ward meeting does not fulfil one',
      );
    if (contact.status !== 'planned')
      throw new ConflictError(
        `This contact is ${contact.status}: only a planned contact can be met`,
        'contact_not_planned',
      );
    const claimedBy = await manager.findOneBy(Meeting, { plannedContactId: contactId, status: 'planned' });
    if (claimedBy)
      throw new ConflictError(
        `Meeting ${claimedBy.id} is already planned for this contact: reschedule or cancel it instead`,
        'contact_has_planned_meeting',
      );
    return contactId;
  }

  /**
   * A community meeting held during community support or the step-down fulfils the planned contact whose window
   * contains the day it was held (the calendar, not the count; contact-windows.ts): the one it was planned for when
   * that window contains the day, else the earliest outstanding contact in whose window it falls and that no other
   * planned meeting is for. A meeting outside every open window is extra contact and fulfils none (two meetings in
   * one week fulfil that week's contact once). In this transaction the plan then moves the episode on (step-down
   * after the intensive period, ended after the ending session). A ward meeting fulfils none.
   */
  async link(manager: EntityManager, episode: DeliveryEpisode, meeting: Meeting): Promise<void> {
    if (meeting.setting === 'ward') return;
    // Outside the community the contact a meeting names stays named (the plan refuses the outcome); no other is sought.
    if (!inCommunity(episode)) return;
    const others = await manager.find(Meeting, {
      select: { id: true, plannedContactId: true },
      where: { episodeId: episode.id, status: 'planned', plannedContactId: Not(IsNull()) },
    });
    const claimed = new Set(others.filter((m) => m.id !== meeting.id).map((m) => m.plannedContactId!));
    meeting.plannedContactId = await this.plans.contactForMeeting(
      manager,
      episode.id,
      londonDateOf(meeting.actualStartAt!),
      meeting.plannedContactId,
      claimed,
    );
  }

  /** After the held meeting is saved: its contact held, with the plan's moves, in the same transaction. */
  async fulfil(manager: EntityManager, actor: Actor, meeting: Meeting): Promise<void> {
    if (!meeting.plannedContactId || meeting.setting === 'ward') return;
    await this.plans.recordOutcomeIn(manager, actor, meeting.plannedContactId, {
      outcome: 'held',
      meetingId: meeting.id,
    });
  }

  /**
   * A missed meeting planned for a contact marks the contact missed once it is due. Before its due date
   * the contact stays planned (another meeting within its window may still fulfil it), as it does when
   * the episode is no longer in the community or the contact was already settled another way.
   */
  async miss(manager: EntityManager, actor: Actor, episode: DeliveryEpisode, meeting: Meeting): Promise<void> {
    if (!meeting.plannedContactId) return;
    const contact = await this.plans.contactOf(manager, meeting.plannedContactId);
    if (!contact || contact.status !== 'planned' || contact.dueOn > londonDateOf(new Date())) return;
    if (!inCommunity(episode)) return;
    await this.plans.recordOutcomeIn(manager, actor, contact.id, { outcome: 'missed' });
  }
}
