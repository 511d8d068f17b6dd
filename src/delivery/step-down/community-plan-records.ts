import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import { RecordNotFoundError } from '../../common/errors/domain-errors';
import { DomainEvents } from '../../common/events/domain-events.service';
import type { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import { PeerWorkersService } from '../../workforce/peer-workers/peer-workers.service';
import { PlanSlot, scheduleSlots, WorkingCalendar } from './community-plan';
import { CommunityPlanChange, CommunityPlanChangeKind } from './entities/community-plan-change.entity';
import { PlannedContact } from './entities/planned-contact.entity';
import { OUTSTANDING, rowOf, workingCalendarOf } from './plan-changes';
import { PlannedContactMoves } from './planned-contact-moves';

/**
 * What every change of a community plan writes, in the caller's transaction: new contacts (with their first
 * history row), the change log entry and its audit row, and `planned-contact.scheduled` for each contact given a
 * (new) due date. And the owner's working calendar the dates are computed on.
 */
@Injectable()
export class CommunityPlanRecords {
  constructor(
    private readonly peerWorkers: PeerWorkersService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly moves: PlannedContactMoves,
  ) {}

  /** New planned contacts from `slots`, dated from `startDate` on the episode's peer worker's calendar, announced. */
  async insertPlanned(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    slots: PlanSlot[],
    startDate: string,
    firstSequence: number,
  ): Promise<PlannedContact[]> {
    const drafts = scheduleSlots(slots, startDate, await this.calendarOf(episode.peerWorkerId, manager), firstSequence);
    const created = await manager.save(
      drafts.map((d) => manager.create(PlannedContact, rowOf(episode.id, d, episode.peerWorkerId))),
    );
    await this.moves.recordCreated(manager, actor, created, 'Community plan generated from the site’s template');
    await this.announce(manager, actor, episode, created, 'generated');
    return created;
  }

  /** The outstanding contacts (planned or suspended; all but `except`) cancelled through the transition table, the change recorded. */
  async cancelOutstanding(
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

  /** The owner's working days (their working pattern; Monday to Friday when none is recorded) and the bank holidays. */
  async calendarOf(peerWorkerId: string | null, manager: EntityManager): Promise<WorkingCalendar> {
    if (!peerWorkerId) return workingCalendarOf(undefined);
    const worker = await this.peerWorkers.findById(peerWorkerId, manager).catch((error: unknown) => {
      if (error instanceof RecordNotFoundError) return null;
      throw error;
    });
    return workingCalendarOf(worker?.workingPattern?.days);
  }

  async recordChange(
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
  async announce(
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
}
