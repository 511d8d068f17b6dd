import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Actor, hasRole, isAdmin } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { AccessDeniedError, ConflictError, RecordNotFoundError } from '../../common/errors/domain-errors';
import { Page, paginateByCreation } from '../../common/pagination/page';
import { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import { SupportEpisodesService } from '../../episodes/support-episodes.service';
import { PeerWorker } from '../../workforce/peer-workers/entities/peer-worker.entity';
import { DomainEvents } from '../../common/events/domain-events.service';
import { SitesService } from '../../sites/sites.service';
import { DeliveryAccess } from '../delivery-access.service';
import { LoneWorkingRequirement } from '../lone-working/lone-working-requirement';
import { refusedBy, unprocessable } from '../delivery-rule';
import { PlannedContact } from '../step-down/entities/planned-contact.entity';
import { StepDownPlanService } from '../step-down/step-down-plan.service';
import {
  CancelMeetingRequest,
  CreateMeetingRequest,
  HeldDetails,
  MeetingQuery,
  MeetingRecordDto,
  MissMeetingRequest,
  RescheduleMeetingRequest,
  SiteMeetingQuery,
} from './dto/meeting.dto';
import { Meeting } from './entities/meeting.entity';
import { MeetingTransition } from './entities/meeting-transition.entity';
import { brokenMeetingRule, defaultEndingPreparation, londonDateOf } from './meeting-rules';
import { INITIAL_HELD_GUARDS, meetingMachine, MeetingTransitionFacts } from './meeting.state-machine';
import type {
  MeetingParty,
  MeetingRecord,
  MeetingSetting,
  MeetingStatus,
} from '../../common/vocabulary/meeting-vocabulary';

/** Which meetings absence cover hands over or pauses: a peer worker's planned meetings of an episode in a window. */
export interface CoveredMeetings {
  episodeId: string;
  peerWorkerId: string;
  from: Date;
  until: Date | null;
}

const noChange = (now: Date): MeetingTransitionFacts => ({
  now,
  actualStartAt: null,
  actualEndAt: null,
  missedBy: null,
  cancelledBy: null,
  reason: null,
  newPlannedStartAt: null,
});

/** A meeting read by someone who may read it, with whether they may read its note. */
export interface MeetingRead {
  meeting: Meeting;
  noteIncluded: boolean;
}

/**
 * Meetings and contacts of a support episode (handbook 13–14). A peer worker records their own; the
 * coordinator sees (and may record) all on their site. Every write checks the delivery rules on the
 * locked episode, records the status move, the audit row and the outbox event in one transaction.
 */
@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: DeliveryAccess,
    private readonly episodes: SupportEpisodesService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly plans: StepDownPlanService,
    private readonly loneWorking: LoneWorkingRequirement,
  ) {}

  async create(actor: Actor, episodeId: string, request: CreateMeetingRequest, now = new Date()): Promise<Meeting> {
    return this.dataSource.transaction(async (manager) => {
      // Scope check and lock in one read of the episode.
      const scoped = await this.access.episodeInScope(actor, episodeId, 'meeting.create', manager);
      const episode = scoped.episode;
      const peerWorkerId = this.recorderPeerWorker(
        actor,
        scoped.coordinates,
        scoped.ownPeerWorker,
        request.peerWorkerId ?? null,
        episode,
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
      const held = status === 'held' ? this.heldFacts(request.held!, now) : null;
      if (held) {
        for (const guard of INITIAL_HELD_GUARDS) if (!guard.holds(held)) throw refusedBy(guard.rule, guard.explain);
      }
      await this.assertDeliveryRules(
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
          ? await this.claimableContact(manager, episode, request.plannedContactId, request.setting)
          : null,
      });
      if (held) await this.applyHeld(manager, meeting, request.held!, held, episode);
      if (held) await this.linkPlannedContact(manager, episode, meeting);
      const saved = await manager.save(meeting);
      await this.recordMove(manager, actor, saved, null, status, status === 'held' ? 'Recorded as held' : 'Planned');
      await this.auditWrite(manager, actor, 'meeting.create', saved, { status });
      await this.emit(manager, actor, status === 'held' ? 'meeting.held' : 'meeting.planned', saved, null);
      if (held) await this.startWardSupportIfFirst(manager, actor, episode, saved);
      if (held) await this.fulfilPlannedContact(manager, actor, episode, saved);
      return saved;
    });
  }

  async hold(actor: Actor, id: string, request: HeldDetails, now = new Date()): Promise<Meeting> {
    const current = await this.meetingInScope(actor, id, 'meeting.hold');
    return this.dataSource.transaction(async (manager) => {
      const episode = await this.access.lockEpisode(manager, current.episodeId);
      const meeting = await this.lock(manager, id);
      const facts = this.heldFacts(request, now);
      meetingMachine.assert(meeting.status, 'held', facts);
      await this.assertDeliveryRules(manager, episode, meeting.peerWorkerId, meeting.setting, facts.actualStartAt!);
      await this.applyHeld(manager, meeting, request, facts, episode);
      await this.linkPlannedContact(manager, episode, meeting);
      meeting.status = 'held';
      const saved = await manager.save(meeting);
      await this.recordMove(manager, actor, saved, 'planned', 'held', 'Held');
      await this.auditWrite(manager, actor, 'meeting.hold', saved);
      await this.emit(manager, actor, 'meeting.held', saved, 'planned');
      await this.startWardSupportIfFirst(manager, actor, episode, saved);
      await this.fulfilPlannedContact(manager, actor, episode, saved);
      return saved;
    });
  }

  async miss(actor: Actor, id: string, request: MissMeetingRequest, now = new Date()): Promise<Meeting> {
    const current = await this.meetingInScope(actor, id, 'meeting.miss');
    return this.dataSource.transaction(async (manager) => {
      // Episode first, then the meeting, as hold does: the planned contact's outcome locks the episode too.
      const episode = await this.access.lockEpisode(manager, current.episodeId);
      const meeting = await this.lock(manager, id);
      meetingMachine.assert(meeting.status, 'missed', {
        ...noChange(now),
        missedBy: request.missedBy,
        reason: request.reason ?? null,
      });
      Object.assign(meeting, { status: 'missed', missedBy: request.missedBy, statusReason: request.reason ?? null });
      const saved = await manager.save(meeting);
      await this.recordMove(
        manager,
        actor,
        saved,
        'planned',
        'missed',
        `Missed by ${request.missedBy}${request.reason ? `: ${request.reason}` : ''}`,
      );
      await this.auditWrite(manager, actor, 'meeting.miss', saved, { missedBy: request.missedBy });
      await this.emit(manager, actor, 'meeting.missed', saved, 'planned');
      await this.missPlannedContact(manager, actor, episode, saved);
      return saved;
    });
  }

  async cancel(actor: Actor, id: string, request: CancelMeetingRequest, now = new Date()): Promise<Meeting> {
    await this.meetingInScope(actor, id, 'meeting.cancel');
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.lock(manager, id);
      meetingMachine.assert(meeting.status, 'cancelled', {
        ...noChange(now),
        cancelledBy: request.cancelledBy,
        reason: request.reason,
      });
      Object.assign(meeting, { status: 'cancelled', cancelledBy: request.cancelledBy, statusReason: request.reason });
      const saved = await manager.save(meeting);
      await this.recordMove(
        manager,
        actor,
        saved,
        'planned',
        'cancelled',
        `Cancelled by ${request.cancelledBy}: ${request.reason}`,
      );
      await this.auditWrite(manager, actor, 'meeting.cancel', saved, { cancelledBy: request.cancelledBy });
      await this.emit(manager, actor, 'meeting.cancelled', saved, 'planned');
      return saved;
    });
  }

  /** Move a planned meeting: it is kept as `rescheduled` at its old time, and a new planned meeting takes the new time. */
  async reschedule(actor: Actor, id: string, request: RescheduleMeetingRequest, now = new Date()): Promise<Meeting> {
    const current = await this.meetingInScope(actor, id, 'meeting.reschedule');
    return this.dataSource.transaction(async (manager) => {
      const episode = await this.access.lockEpisode(manager, current.episodeId);
      const meeting = await this.lock(manager, id);
      const newPlannedStartAt = new Date(request.plannedStartAt);
      meetingMachine.assert(meeting.status, 'rescheduled', {
        ...noChange(now),
        newPlannedStartAt,
        reason: request.reason,
      });
      await this.assertDeliveryRules(manager, episode, meeting.peerWorkerId, meeting.setting, newPlannedStartAt);
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
      await this.recordMove(
        manager,
        actor,
        meeting,
        'planned',
        'rescheduled',
        `Moved to ${newPlannedStartAt.toISOString()}: ${request.reason}`,
      );
      await this.recordMove(
        manager,
        actor,
        replacement,
        null,
        'planned',
        `Rescheduled from ${meeting.plannedStartAt.toISOString()}`,
      );
      await this.auditWrite(manager, actor, 'meeting.reschedule', meeting, { rescheduledToId: replacement.id });
      await this.emit(manager, actor, 'meeting.rescheduled', replacement, null, {
        ...this.payloadOf(replacement),
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
    const meetings = await this.plannedOf(manager, of);
    for (const meeting of meetings) {
      meeting.peerWorkerId = toPeerWorkerId;
      await manager.save(meeting);
      await this.auditWrite(manager, actor, 'meeting.reassign', meeting, {
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
    const meetings = await this.plannedOf(manager, of);
    for (const meeting of meetings) {
      meetingMachine.assert(meeting.status, 'cancelled', { ...noChange(now), cancelledBy: 'peer_worker', reason });
      Object.assign(meeting, { status: 'cancelled', cancelledBy: 'peer_worker', statusReason: reason });
      const saved = await manager.save(meeting);
      await this.recordMove(manager, actor, saved, 'planned', 'cancelled', reason);
      await this.auditWrite(manager, actor, 'meeting.cancel', saved, { reason });
      await this.emit(manager, actor, 'meeting.cancelled', saved, 'planned');
    }
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
    cancelledBy: MeetingParty,
    reason: string,
    now = new Date(),
  ): Promise<Meeting[]> {
    const meetings = await manager.find(Meeting, {
      where: { episodeId, status: 'planned' },
      order: { plannedStartAt: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    for (const meeting of meetings) {
      meetingMachine.assert(meeting.status, 'cancelled', { ...noChange(now), cancelledBy, reason });
      Object.assign(meeting, { status: 'cancelled', cancelledBy, statusReason: reason });
      const saved = await manager.save(meeting);
      await this.recordMove(manager, actor, saved, 'planned', 'cancelled', reason);
      await this.auditWrite(manager, actor, 'meeting.cancel', saved, { cancelledBy, reason });
      await this.emit(manager, actor, 'meeting.cancelled', saved, 'planned');
    }
    return meetings;
  }

  /** How many planned meetings a cover plan would hand over or pause (read only). */
  async countCovered(manager: EntityManager, of: CoveredMeetings): Promise<number> {
    return this.coveredQuery(manager, of).getCount();
  }

  /** The peer worker's planned meetings of the episode starting in [from, until) (open-ended without `until`), locked. */
  private async plannedOf(manager: EntityManager, of: CoveredMeetings): Promise<Meeting[]> {
    return this.coveredQuery(manager, of).orderBy('m.plannedStartAt').setLock('pessimistic_write').getMany();
  }

  private coveredQuery(manager: EntityManager, { episodeId, peerWorkerId, from, until }: CoveredMeetings) {
    const qb = manager
      .createQueryBuilder(Meeting, 'm')
      .where(
        "m.episodeId = :episodeId AND m.peerWorkerId = :peerWorkerId AND m.status = 'planned' AND m.plannedStartAt >= :from",
        { episodeId, peerWorkerId, from },
      );
    return until ? qb.andWhere('m.plannedStartAt < :until', { until }) : qb;
  }

  async listForEpisode(actor: Actor, episodeId: string, query: MeetingQuery): Promise<Page<Meeting>> {
    const scoped = await this.access.episodeInScope(actor, episodeId, 'meeting.list');
    const qb = this.dataSource
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.episodeId = :episodeId', { episodeId });
    // Ward staff and integration clients reach the episode but not the meetings (routes exclude them); a peer worker sees their own.
    if (!scoped.coordinates)
      qb.andWhere('m.peerWorkerId = :own', { own: scoped.ownPeerWorker?.id ?? '00000000-0000-0000-0000-000000000000' });
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    const page = await paginateByCreation(qb, 'm', query);
    await this.audit.recordList(
      actor,
      'meeting',
      page.items.map((m) => m.id),
      { episodeId },
      [scoped.episode.serviceUserId],
    );
    return page;
  }

  /** Meetings across episodes: a coordinator's sites, a peer worker's own, everything for an admin. */
  async list(actor: Actor, query: SiteMeetingQuery): Promise<Page<Meeting>> {
    const qb = this.dataSource.getRepository(Meeting).createQueryBuilder('m');
    if (!isAdmin(actor)) {
      const own = await this.access.ownPeerWorker(actor);
      const sites = hasRole(actor, Role.Coordinator) ? actor.siteIds : [];
      qb.where('(m.siteId = ANY(:sites::uuid[]) OR m.peerWorkerId = :own)', {
        sites,
        own: own?.id ?? '00000000-0000-0000-0000-000000000000',
      });
    }
    if (query.siteId) qb.andWhere('m.siteId = :siteId', { siteId: query.siteId });
    if (query.peerWorkerId) qb.andWhere('m.peerWorkerId = :peerWorkerId', { peerWorkerId: query.peerWorkerId });
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    const page = await paginateByCreation(qb, 'm', query);
    await this.audit.recordList(
      actor,
      'meeting',
      page.items.map((m) => m.id),
      { count: page.items.length },
      page.items.map((m) => m.serviceUserId),
    );
    return page;
  }

  /** One meeting; the note only for its peer worker, their coordinator or an admin, each such read audited. */
  async get(actor: Actor, id: string): Promise<MeetingRead> {
    await this.meetingInScope(actor, id, 'meeting.read');
    const meeting = await this.dataSource
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .addSelect('m.note')
      .where('m.id = :id', { id })
      .getOneOrFail();
    // Everyone who passes meetingInScope is one of the note's readers; the check stays explicit for when scope widens.
    const noteIncluded = await this.mayReadNote(actor, meeting);
    await this.dataSource.transaction(async (manager) => {
      await this.audit.record(
        {
          actor,
          action: 'meeting.read',
          resourceType: 'meeting',
          resourceId: id,
          serviceUserId: meeting.serviceUserId,
        },
        manager,
      );
      if (noteIncluded && meeting.note) {
        await this.audit.record(
          {
            actor,
            action: 'meeting.note.read',
            resourceType: 'meeting',
            resourceId: id,
            serviceUserId: meeting.serviceUserId,
          },
          manager,
        );
      }
    });
    return { meeting, noteIncluded };
  }

  async history(actor: Actor, id: string): Promise<MeetingTransition[]> {
    const meeting = await this.meetingInScope(actor, id, 'meeting.history');
    const rows = await this.dataSource
      .getRepository(MeetingTransition)
      .find({ where: { meetingId: id }, order: { occurredAt: 'ASC', createdAt: 'ASC' } });
    await this.audit.record({
      actor,
      action: 'meeting.history',
      resourceType: 'meeting',
      resourceId: id,
      serviceUserId: meeting.serviceUserId,
    });
    return rows;
  }

  /** For lone working: a meeting the caller may act on as its own peer worker (or coordinator), without the note. */
  async findForAction(actor: Actor, id: string, action: string): Promise<Meeting> {
    return this.meetingInScope(actor, id, action);
  }

  /** Re-check the delivery rules for a meeting at `at` (lone working re-checks them when a visit starts). */
  async assertMeetingRulesAt(manager: EntityManager, meeting: Meeting, at: Date): Promise<SupportEpisode> {
    const episode = await this.access.lockEpisode(manager, meeting.episodeId);
    await this.assertDeliveryRules(manager, episode, meeting.peerWorkerId, meeting.setting, at);
    return episode;
  }

  // ── rules ────────────────────────────────────────────────────────────────────────────────

  /** The peer worker a new meeting is recorded for: a peer worker records only their own. */
  private recorderPeerWorker(
    actor: Actor,
    coordinates: boolean,
    own: PeerWorker | null,
    requested: string | null,
    episode: SupportEpisode,
  ): string {
    if (coordinates) {
      const chosen = requested ?? episode.peerWorkerId;
      if (!chosen) throw refusedBy('peer_worker_paired_at_time', 'No peer worker is paired with the service user');
      return chosen;
    }
    if (!own) throw new AccessDeniedError('Only peer workers, coordinators and admins record meetings');
    if (requested && requested !== own.id) throw new AccessDeniedError('A peer worker records their own meetings only');
    return own.id;
  }

  private async assertDeliveryRules(
    manager: EntityManager,
    episode: SupportEpisode,
    peerWorkerId: string,
    setting: MeetingSetting,
    at: Date,
  ): Promise<void> {
    const worker = await manager.getRepository(PeerWorker).findOneBy({ id: peerWorkerId });
    if (!worker || worker.siteId !== episode.siteId)
      throw unprocessable('peer_worker_on_site', 'peerWorkerId', 'No such peer worker on the episode’s site');
    const broken = brokenMeetingRule({
      episodeState: episode.state,
      dischargedOn: episode.dischargedOn,
      readmittedOn: episode.readmittedOn,
      setting,
      at,
      peerWorkerPairedAtTime: await this.access.isSupportingPeerWorker(episode, peerWorkerId, at, manager),
      handoverAcknowledged: await this.access.handoverAcknowledged(episode.id, peerWorkerId, manager),
      codeOfEthicsAcknowledgedOn: worker.codeOfEthicsAcknowledgedOn,
    });
    if (broken) throw refusedBy(broken.rule, broken.explain);
  }

  private heldFacts(held: HeldDetails, now: Date): MeetingTransitionFacts {
    return { ...noChange(now), actualStartAt: new Date(held.actualStartAt), actualEndAt: new Date(held.actualEndAt) };
  }

  private async applyHeld(
    manager: EntityManager,
    meeting: Meeting,
    held: HeldDetails,
    facts: MeetingTransitionFacts,
    episode: SupportEpisode,
  ): Promise<void> {
    const heldBefore = await manager.getRepository(Meeting).countBy({ episodeId: episode.id, status: 'held' });
    const { endingPreparationEarlyMeetings } = await this.sites.settingsOf(episode.siteId, manager);
    Object.assign(meeting, {
      actualStartAt: facts.actualStartAt,
      actualEndAt: facts.actualEndAt,
      attendees: (held.attendees ?? []).map((a) => ({ role: a.role, name: a.name ?? null })),
      record: recordOf(held.record, defaultEndingPreparation(heldBefore, endingPreparationEarlyMeetings)),
      note: held.note ?? null,
      loneWorkingExemptionReason: await this.loneWorking.assertSafelyHeld(
        manager,
        meeting,
        held.loneWorkingExemptionReason,
      ),
    });
  }

  // ── the community plan ──────────────────────────────────────────────────────────────────

  /**
   * A planned contact a new meeting may be for: one of the episode's, still planned, not already the
   * contact of another planned meeting, and the meeting is not a ward meeting (contacts are community support).
   */
  private async claimableContact(
    manager: EntityManager,
    episode: SupportEpisode,
    contactId: string,
    setting: MeetingSetting,
  ): Promise<string> {
    const contact = await manager.findOneBy(PlannedContact, { id: contactId, episodeId: episode.id });
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
  private async linkPlannedContact(manager: EntityManager, episode: SupportEpisode, meeting: Meeting): Promise<void> {
    if (meeting.setting === 'ward') return;
    // Outside the community the contact a meeting names stays named (the plan refuses the outcome); no other is sought.
    if (episode.state !== 'community_support' && episode.state !== 'step_down') return;
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
  private async fulfilPlannedContact(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    meeting: Meeting,
  ): Promise<void> {
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
  private async missPlannedContact(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    meeting: Meeting,
  ): Promise<void> {
    if (!meeting.plannedContactId) return;
    const contact = await manager.findOneBy(PlannedContact, { id: meeting.plannedContactId });
    if (!contact || contact.status !== 'planned' || contact.dueOn > londonDateOf(new Date())) return;
    if (episode.state !== 'community_support' && episode.state !== 'step_down') return;
    await this.plans.recordOutcomeIn(manager, actor, contact.id, { outcome: 'missed' });
  }

  /** The first held ward meeting starts ward support (handbook 13). */
  private async startWardSupportIfFirst(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
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

  private async mayReadNote(actor: Actor, meeting: Meeting): Promise<boolean> {
    if (this.access.coordinates(actor, meeting.siteId)) return true;
    const own = await this.access.ownPeerWorker(actor);
    return own !== null && own.id === meeting.peerWorkerId;
  }

  /** The meeting if the caller is its peer worker, the site's coordinator or an admin; otherwise 404 (audited). */
  private async meetingInScope(actor: Actor, id: string, action: string): Promise<Meeting> {
    const meeting = await this.dataSource.getRepository(Meeting).findOneBy({ id });
    if (meeting && (await this.mayReadNote(actor, meeting))) return meeting;
    await this.audit.record({
      actor,
      action,
      resourceType: 'meeting',
      resourceId: id,
      serviceUserId: meeting?.serviceUserId ?? null,
      outcome: 'denied',
    });
    throw new RecordNotFoundError('Meeting', id);
  }

  private async lock(manager: EntityManager, id: string): Promise<Meeting> {
    const meeting = await manager.findOne(Meeting, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!meeting) throw new RecordNotFoundError('Meeting', id);
    return meeting;
  }

  private async recordMove(
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

  private async auditWrite(
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

  private payloadOf(meeting: Meeting) {
    return {
      meetingId: meeting.id,
      episodeId: meeting.episodeId,
      peerWorkerId: meeting.peerWorkerId,
      plannedStartAt: meeting.plannedStartAt.toISOString(),
      plannedContactId: meeting.plannedContactId ?? null,
    };
  }

  /** `meeting.moved`, writing the outbox row its reminders and webhooks read (`meeting.planned`, `meeting.held` …). */
  private async emit(
    manager: EntityManager,
    actor: Actor,
    type: string,
    meeting: Meeting,
    from: MeetingStatus | null,
    payload: Record<string, unknown> = this.payloadOf(meeting),
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

/** The structured record, with the ending-preparation default, refusing a community connection without its kind. */
export function recordOf(input: MeetingRecordDto | undefined, endingPreparationDefault: boolean): MeetingRecord {
  const topics = input?.topics ?? [];
  const connections = input?.communityConnections ?? null;
  if (topics.includes('community_connections') && connections === null) {
    throw unprocessable(
      'community_connection_kind_given',
      'record.communityConnections',
      'Say whether the peer worker signposted or accompanied',
    );
  }
  if (!topics.includes('community_connections') && connections !== null) {
    throw unprocessable(
      'community_connection_kind_given',
      'record.communityConnections',
      'communityConnections goes with the community_connections topic',
    );
  }
  return {
    topics,
    communityConnections: connections,
    otherTopic: topics.includes('other') ? (input?.otherTopic ?? null) : null,
    endingPreparationDiscussed: input?.endingPreparationDiscussed ?? endingPreparationDefault,
  };
}
