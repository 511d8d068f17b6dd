import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { DomainEvents } from '../../common/events/domain-events.service';
import type { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import { LONDON } from './community-plan';
import { PlannedContact } from './entities/planned-contact.entity';
import { PlannedContactTransition } from './entities/planned-contact-transition.entity';
import { plannedContactMachine, type PlannedContactStatus } from './planned-contact.state-machine';

/**
 * The only way a planned contact's status changes: each contact is checked against the transition table
 * (planned-contact.state-machine.ts) with the episode's facts, saved, its move recorded (who, when, why),
 * and `planned-contact.moved` emitted — all in the caller's transaction.
 */
@Injectable()
export class PlannedContactMoves {
  constructor(private readonly events: DomainEvents) {}

  /**
   * Move `contacts` of `episode` to `to`. `changes` are other columns set with the move (re-dated on a
   * resumption, the outcome's recorder …). Throws ForbiddenTransitionError (409, naming the rule) before
   * anything is written when any contact may not move.
   */
  async move(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    contacts: PlannedContact[],
    to: PlannedContactStatus,
    reason: string | null,
    changes: (contact: PlannedContact) => Partial<PlannedContact> = () => ({}),
  ): Promise<PlannedContact[]> {
    if (contacts.length === 0) return [];
    const today = DateTime.now().setZone(LONDON).toISODate()!;
    const from = contacts.map((c) => c.status);
    for (const contact of contacts)
      plannedContactMachine.assert(contact.status, to, {
        episodeState: episode.state,
        dueOn: contact.dueOn,
        today,
        reason,
      });
    // Suspensions and cancellations keep their reason on the contact; outcomes and resumptions clear it.
    const statusReason = to === 'suspended' || to === 'cancelled' ? reason : null;
    contacts.forEach((contact) => Object.assign(contact, changes(contact), { status: to, statusReason }));
    const saved = await manager.save(contacts);
    await manager.insert(
      PlannedContactTransition,
      saved.map((c, i) => ({ plannedContactId: c.id, fromState: from[i], toState: to, actorId: actor.id, reason })),
    );
    await this.events.emit(manager, actor, 'planned-contact.moved', {
      episode,
      contacts: saved.map((contact, i) => ({ contact, from: from[i] })),
      to,
      reason,
    });
    return saved;
  }

  /** New contacts (generated, restarted, extended) start their history as planned. */
  async recordCreated(manager: EntityManager, actor: Actor, contacts: PlannedContact[], reason: string): Promise<void> {
    if (contacts.length === 0) return;
    await manager.insert(
      PlannedContactTransition,
      contacts.map((c) => ({ plannedContactId: c.id, fromState: null, toState: c.status, actorId: actor.id, reason })),
    );
  }
}
