import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import { RecordNotFoundError } from '../../common/errors/domain-errors';
import { DomainEvents } from '../../common/events/domain-events.service';
import type { MeetingParty, MeetingStatus } from '../../common/vocabulary/meeting-vocabulary';
import { Meeting } from './entities/meeting.entity';
import { MeetingTransition } from './entities/meeting-transition.entity';
import { meetingMachine, MeetingTransitionFacts } from './meeting.state-machine';

/** The transition facts of a move that changes nothing but the status (the guards read only what is given). */
export const noChange = (now: Date): MeetingTransitionFacts => ({
  now,
  actualStartAt: null,
  actualEndAt: null,
  missedBy: null,
  cancelledBy: null,
  reason: null,
  newPlannedStartAt: null,
});

/** What the event and outbox row of a meeting carry. */
export const payloadOf = (meeting: Meeting) => ({
  meetingId: meeting.id,
  episodeId: meeting.episodeId,
  peerWorkerId: meeting.peerWorkerId,
  plannedStartAt: meeting.plannedStartAt.toISOString(),
  plannedContactId: meeting.plannedContactId ?? null,
});

/** A cancellation: who cancelled, why, and how the history and the audit row put it. */
export interface Cancellation {
  by: MeetingParty;
  reason: string;
  /** The transition's reason in the history. */
  history: string;
  audit: Record<string, unknown>;
}

/**
 * What every write of a meeting records, in the caller's transaction: the row locked, the status move in
 * meeting_transitions (who, when, why), the audit row, and `meeting.moved` with its outbox row.
 */
@Injectable()
export class MeetingMoves {
  constructor(
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async lock(manager: EntityManager, id: string): Promise<Meeting> {
    const meeting = await manager.findOne(Meeting, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!meeting) throw new RecordNotFoundError('Meeting', id);
    return meeting;
  }

  /** planned → cancelled through the transition table, saved, recorded, audited and announced. */
  async cancel(
    manager: EntityManager,
    actor: Actor,
    meeting: Meeting,
    cancellation: Cancellation,
    now: Date,
  ): Promise<Meeting> {
    const { by, reason } = cancellation;
    meetingMachine.assert(meeting.status, 'cancelled', { ...noChange(now), cancelledBy: by, reason });
    Object.assign(meeting, { status: 'cancelled', cancelledBy: by, statusReason: reason });
    const saved = await manager.save(meeting);
    await this.recordMove(manager, actor, saved, 'planned', 'cancelled', cancellation.history);
    await this.auditWrite(manager, actor, 'meeting.cancel', saved, cancellation.audit);
    await this.emit(manager, actor, 'meeting.cancelled', saved, 'planned');
    return saved;
  }

  async recordMove(
    manager: EntityManager,
    actor: Actor,
    meeting: Meeting,
    from: MeetingStatus | null,
    to: MeetingStatus,
    reason: string,
  ): Promise<void> {
    await manager.insert(MeetingTransition, {
      meetingId: meeting.id,
      fromState: from,
      toState: to,
      actorId: actor.id,
      reason,
    });
  }

  async auditWrite(
    manager: EntityManager,
    actor: Actor,
    action: string,
    meeting: Meeting,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.record(
      {
        actor,
        action,
        resourceType: 'meeting',
        resourceId: meeting.id,
        serviceUserId: meeting.serviceUserId,
        details: { episodeId: meeting.episodeId, ...details },
      },
      manager,
    );
  }

  /** `meeting.moved`, writing the outbox row its reminders and webhooks read (`meeting.planned`, `meeting.held` …). */
  async emit(
    manager: EntityManager,
    actor: Actor,
    type: string,
    meeting: Meeting,
    from: MeetingStatus | null,
    payload: Record<string, unknown> = payloadOf(meeting),
  ): Promise<void> {
    await this.events.emit(
      manager,
      actor,
      'meeting.moved',
      { meeting, from, to: meeting.status },
      { outbox: [{ type, aggregateType: 'meeting', aggregateId: meeting.id, payload }] },
    );
  }
}
