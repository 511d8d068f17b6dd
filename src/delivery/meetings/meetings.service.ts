import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import type { MeetingParty, MeetingStatus } from '../../common/vocabulary/meeting-vocabulary';
import { SupportEpisodesService } from '../../episodes/support-episodes.service';
import { DeliveryAccess } from '../delivery-access.service';
import { refusedBy, unprocessable } from '../delivery-rule';
import type { DeliveryEpisode } from '../delivery.repository';
import {
  CancelMeetingRequest,
  CreateMeetingRequest,
  HeldDetails,
  MissMeetingRequest,
  RescheduleMeetingRequest,
} from './dto/meeting.dto';
import { Meeting } from './entities/meeting.entity';
import { MeetingMoves, noChange, payloadOf } from './meeting-moves';
import { MeetingPlannedContacts } from './meeting-planned-contacts';
import { heldFacts, MeetingRecordingRules } from './meeting-recording-rules';
import { MeetingReads } from './meeting-reads.service';
import { recorderPeerWorkerOf } from './meeting-rules';
import { INITIAL_HELD_GUARDS, meetingMachine } from './meeting.state-machine';
import { CoveredMeetings, MeetingsRepository } from './meetings.repository';

export type { CoveredMeetings } from './meetings.repository';

/**
 * Recording meetings and contacts of a support episode (handbook 13–14): planned, held, missed, cancelled,
 * rescheduled, and absence cover's hand-over and pause. A peer worker records their own; the coordinator
 * may record all on their site. Every write checks the delivery rules on the locked episode and records the
 * status move, the audit row and the outbox event in one transaction (MeetingMoves). Reads: MeetingReads.
 */
@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: DeliveryAccess,
    private readonly episodes: SupportEpisodesService,
    private readonly reads: MeetingReads,
    private readonly rules: MeetingRecordingRules,
    private readonly contacts: MeetingPlannedContacts,
    private readonly moves: MeetingMoves,
    private readonly meetings: MeetingsRepository,
  ) {}

  async create(actor: Actor, episodeId: string, request: CreateMeetingRequest, now = new Date()): Promise<Meeting> {
    return this.dataSource.transaction(async (manager) => {
      // Scope check and lock in one read of the episode.
      const scoped = await this.access.episodeInScope(actor, episodeId, 'meeting.create', manager);
      const episode = scoped.episode;
      const peerWorkerId = recorderPeerWorkerOf(
        scoped.coordinates,
        scoped.ownPeerWorker,
        request.peerWorkerId ?? null,
        episode.peerWorkerId,
      );
      const status: MeetingStatus = request.status ?? 'planned';
      if (status === 'held' && !request.held)
        throw unprocessable(
          'actual_times_given',
          'held',
          'A meeting recorded as held needs `held` with its actual start and end',
        );
      if (status === 'planned' && request.held)
        throw unprocessable('planned_meeting_has_no_outcome', 'held', 'A planned meeting has no held details yet');
      const plannedStartAt = new Date(request.plannedStartAt);
      const held = status === 'held' ? heldFacts(request.held!, now) : null;
      if (held) {
        for (const guard of INITIAL_HELD_GUARDS) if (!guard.holds(held)) throw refusedBy(guard.rule, guard.explain);
      }
      await this.rules.assertDeliveryRules(
        manager,
        episode,
        peerWorkerId,
        request.setting,
        held?.actualStartAt ?? plannedStartAt,
      );
      const meeting = manager.create(Meeting, {
        episodeId,
        siteId: episode.siteId,
        serviceUserId: episode.serviceUserId,
        peerWorkerId,
        mode: request.mode,
        setting: request.setting,
        plannedStartAt,
        plannedDurationMinutes: request.plannedDurationMinutes ?? 60,
        status,
        attendees: [],
        recordedById: actor.id,
        plannedContactId: request.plannedContactId
          ? await this.contacts.claimable(manager, episode, request.plannedContactId, request.setting)
          : null,
      });
      if (held) await this.rules.applyHeld(manager, meeting, request.held!, held, episode);
      if (held) await this.contacts.link(manager, episode, meeting);
      // insert, not save: save would first look the new row up to diff it (CPU the create benchmark showed).
      await this.meetings.insertNew(meeting, manager);
      const saved = meeting;
      await this.moves.recordMove(
        manager,
        actor,
        saved,
        null,
        status,
        status === 'held' ? 'Recorded as held' : 'Planned',
      );
      await this.moves.auditWrite(manager, actor, 'meeting.create', saved, { status });
      await this.moves.emit(manager, actor, status === 'held' ? 'meeting.held' : 'meeting.planned', saved, null);
      if (held) await this.startWardSupportIfFirst(manager, actor, episode, saved);
      if (held) await this.contacts.fulfil(manager, actor, saved);
      return saved;
    });
  }

  async hold(actor: Actor, id: string, request: HeldDetails, now = new Date()): Promise<Meeting> {
    const current = await this.reads.inScope(actor, id, 'meeting.hold');
    return this.dataSource.transaction(async (manager) => {
      const episode = await this.access.lockEpisode(manager, current.episodeId);
      const meeting = await this.moves.lock(manager, id);
      const facts = heldFacts(request, now);
      meetingMachine.assert(meeting.status, 'held', facts);
      await this.rules.assertDeliveryRules(
        manager,
        episode,
        meeting.peerWorkerId,
        meeting.setting,
        facts.actualStartAt!,
      );
      await this.rules.applyHeld(manager, meeting, request, facts, episode);
      await this.contacts.link(manager, episode, meeting);
      meeting.status = 'held';
      // The row is locked above: written back without save's reload-and-diff.
      await this.meetings.writeHeld(meeting, manager);
      const saved = meeting;
      await this.moves.recordMove(manager, actor, saved, 'planned', 'held', 'Held');
      await this.moves.auditWrite(manager, actor, 'meeting.hold', saved);
      await this.moves.emit(manager, actor, 'meeting.held', saved, 'planned');
      await this.startWardSupportIfFirst(manager, actor, episode, saved);
      await this.contacts.fulfil(manager, actor, saved);
      return saved;
    });
  }

  async miss(actor: Actor, id: string, request: MissMeetingRequest, now = new Date()): Promise<Meeting> {
    const current = await this.reads.inScope(actor, id, 'meeting.miss');
    return this.dataSource.transaction(async (manager) => {
      // Episode first, then the meeting, as hold does: the planned contact's outcome locks the episode too.
      const episode = await this.access.lockEpisode(manager, current.episodeId);
      const meeting = await this.moves.lock(manager, id);
      meetingMachine.assert(meeting.status, 'missed', {
        ...noChange(now),
        missedBy: request.missedBy,
        reason: request.reason ?? null,
      });
      Object.assign(meeting, { status: 'missed', missedBy: request.missedBy, statusReason: request.reason ?? null });
      const saved = await manager.save(meeting);
      await this.moves.recordMove(
        manager,
        actor,
        saved,
        'planned',
        'missed',
        `Missed by ${request.missedBy}${request.reason ? `: ${request.reason}` : ''}`,
      );
      await this.moves.auditWrite(manager, actor, 'meeting.miss', saved, { missedBy: request.missedBy });
      await this.moves.emit(manager, actor, 'meeting.missed', saved, 'planned');
      await this.contacts.miss(manager, actor, episode, saved);
      return saved;
    });
  }

  async cancel(actor: Actor, id: string, request: CancelMeetingRequest, now = new Date()): Promise<Meeting> {
    await this.reads.inScope(actor, id, 'meeting.cancel');
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.moves.lock(manager, id);
      return this.moves.cancel(
        manager,
        actor,
        meeting,
        {
          by: request.cancelledBy,
          reason: request.reason,
          history: `Cancelled by ${request.cancelledBy}: ${request.reason}`,
          audit: { cancelledBy: request.cancelledBy },
        },
        now,
      );
    });
  }

  /** Move a planned meeting: it is kept as `rescheduled` at its old time, and a new planned meeting takes the new time. */
  async reschedule(actor: Actor, id: string, request: RescheduleMeetingRequest, now = new Date()): Promise<Meeting> {
    const current = await this.reads.inScope(actor, id, 'meeting.reschedule');
    return this.dataSource.transaction(async (manager) => {
      const episode = await this.access.lockEpisode(manager, current.episodeId);
      const meeting = await this.moves.lock(manager, id);
      const newPlannedStartAt = new Date(request.plannedStartAt);
      meetingMachine.assert(meeting.status, 'rescheduled', {
        ...noChange(now),
        newPlannedStartAt,
        reason: request.reason,
      });
      await this.rules.assertDeliveryRules(manager, episode, meeting.peerWorkerId, meeting.setting, newPlannedStartAt);
      const replacement = await manager.save(
        manager.create(Meeting, {
          episodeId: meeting.episodeId,
          siteId: meeting.siteId,
          serviceUserId: meeting.serviceUserId,
          peerWorkerId: meeting.peerWorkerId,
          mode: meeting.mode,
          setting: meeting.setting,
          plannedStartAt: newPlannedStartAt,
          plannedDurationMinutes: request.plannedDurationMinutes ?? meeting.plannedDurationMinutes,
          status: 'planned',
          attendees: [],
          rescheduledFromId: meeting.id,
          recordedById: actor.id,
          // The planned contact it was for passes to the replacement.
          plannedContactId: meeting.plannedContactId,
        }),
      );
      Object.assign(meeting, { status: 'rescheduled', statusReason: request.reason, rescheduledToId: replacement.id });
      await manager.save(meeting);
      await this.moves.recordMove(
        manager,
        actor,
        meeting,
        'planned',
        'rescheduled',
        `Moved to ${newPlannedStartAt.toISOString()}: ${request.reason}`,
      );
      await this.moves.recordMove(
        manager,
        actor,
        replacement,
        null,
        'planned',
        `Rescheduled from ${meeting.plannedStartAt.toISOString()}`,
      );
      await this.moves.auditWrite(manager, actor, 'meeting.reschedule', meeting, { rescheduledToId: replacement.id });
      await this.moves.emit(manager, actor, 'meeting.rescheduled', replacement, null, {
        ...payloadOf(replacement),
        rescheduledFromId: meeting.id,
        previousPlannedStartAt: meeting.plannedStartAt.toISOString(),
      });
      return replacement;
    });
  }

  // ── Absence cover (in the cover's transaction; cover checked who may confirm it) ────────────────

  /** Planned meetings pass to the covering (or returning) peer worker: no status change, so no transition; audited, reminders re-read. */
  async reassign(
    manager: EntityManager,
    actor: Actor,
    of: CoveredMeetings,
    toPeerWorkerId: string,
  ): Promise<Meeting[]> {
    const meetings = await this.meetings.plannedInWindow(of, manager);
    for (const meeting of meetings) {
      meeting.peerWorkerId = toPeerWorkerId;
      await manager.save(meeting);
      await this.moves.auditWrite(manager, actor, 'meeting.reassign', meeting, {
        fromPeerWorkerId: of.peerWorkerId,
        toPeerWorkerId,
      });
    }
    return meetings;
  }

  /** Contact paused for an absence: each planned meeting is cancelled through the transition table, on the peer worker's side, the reason kept. */
  async cancelForCover(
    manager: EntityManager,
    actor: Actor,
    of: CoveredMeetings,
    reason: string,
    now = new Date(),
  ): Promise<Meeting[]> {
    const meetings = await this.meetings.plannedInWindow(of, manager);
    for (const meeting of meetings)
      await this.moves.cancel(
        manager,
        actor,
        meeting,
        { by: 'peer_worker', reason, history: reason, audit: { reason } },
        now,
      );
    return meetings;
  }

  /**
   * The episode ended: no meeting can be held any more (no_meeting_after_episode_ended), so every one still
   * planned is cancelled through the transition table, the reason kept; `meeting.cancelled` removes its reminder.
   */
  async cancelPlannedOfEndedEpisode(
    manager: EntityManager,
    actor: Actor,
    episodeId: string,
    by: MeetingParty,
    reason: string,
    now = new Date(),
  ): Promise<Meeting[]> {
    const meetings = await manager.find(Meeting, {
      where: { episodeId, status: 'planned' },
      order: { plannedStartAt: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    for (const meeting of meetings)
      await this.moves.cancel(
        manager,
        actor,
        meeting,
        { by, reason, history: reason, audit: { cancelledBy: by, reason } },
        now,
      );
    return meetings;
  }

  /** How many planned meetings a cover plan would hand over or pause (read only). */
  async countCovered(manager: EntityManager, of: CoveredMeetings): Promise<number> {
    return this.meetings.countPlannedInWindow(of, manager);
  }

  /** The first held ward meeting starts ward support (handbook 13). */
  private async startWardSupportIfFirst(
    manager: EntityManager,
    actor: Actor,
    episode: DeliveryEpisode,
    meeting: Meeting,
  ): Promise<void> {
    if (meeting.setting !== 'ward' || episode.state !== 'paired') return;
    await this.episodes.transition(
      actor,
      episode.id,
      'ward_support',
      { firstWardMeetingAt: meeting.actualStartAt!, reason: 'First ward meeting held' },
      manager,
    );
  }
}
