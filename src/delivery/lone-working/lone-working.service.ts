import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Actor, hasRole, isAdmin } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import type { Environment } from '../../config/environment';
import { AccessDeniedError, RecordNotFoundError } from '../../common/errors/domain-errors';
import { DomainEvents } from '../../common/events/domain-events.service';
import type { LoneWorkingEscalationRole } from '../../sites/site-settings';
import { SitesService } from '../../sites/sites.service';
import { DeliveryAccess } from '../delivery-access.service';
import { refusedBy, unprocessable } from '../delivery-rule';
import { LONE_WORKING_SETTINGS } from '../../common/vocabulary/meeting-vocabulary';
import { MeetingReads } from '../meetings/meeting-reads.service';
import { MeetingRecordingRules } from '../meetings/meeting-recording-rules';
import { PeerWorkersService } from '../../workforce/peer-workers/peer-workers.service';
import { CheckInRequest, StartVisitRequest, VisitQuery } from './dto/lone-working.dto';
import { LoneWorkingVisit } from './entities/lone-working-visit.entity';
import { LoneWorkingRepository } from './lone-working.repository';
import { EscalationPolicy, VisitSafety, visitSafetyAt } from './visit-safety';

/** What a scheduled escalation job learns when it re-reads a visit. */
export interface EscalationDecision {
  visitId: string;
  siteId: string;
  peerWorkerId: string;
  safety: VisitSafety;
  /** The person to alert now (null when nothing is due): the site's coordinator or named deputy. */
  escalateTo: { role: LoneWorkingEscalationRole; userId: string | null } | null;
}

/** The longest a visit may be expected to last from its start. */
const MAX_VISIT_HOURS = 12;

/**
 * Lone and home working (handbook 14): a visit to a home or public place is started with where and until
 * when, checked in and out by the peer worker, and escalated along the site's chain when the check-out
 * is missed. Escalation jobs (scheduling) call escalationDue, which re-reads the visit.
 */
@Injectable()
export class LoneWorkingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: DeliveryAccess,
    private readonly meetings: MeetingReads,
    private readonly meetingRules: MeetingRecordingRules,
    private readonly visits: LoneWorkingRepository,
    private readonly peerWorkers: PeerWorkersService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async start(
    actor: Actor,
    meetingId: string,
    request: StartVisitRequest,
    now = new Date(),
  ): Promise<LoneWorkingVisit> {
    const meeting = await this.meetings.inScope(actor, meetingId, 'lone_working.start');
    await this.assertOwnPeerWorker(actor, meeting.peerWorkerId);
    const expectedEndAt = new Date(request.expectedEndAt);
    if (expectedEndAt.getTime() <= now.getTime())
      throw unprocessable('expected_end_in_future', 'expectedEndAt', 'The expected end of a visit is in the future');
    if (expectedEndAt.getTime() > now.getTime() + MAX_VISIT_HOURS * 3_600_000) {
      throw unprocessable(
        'expected_end_within_visit_limit',
        'expectedEndAt',
        `A visit is expected to end within ${MAX_VISIT_HOURS} hours`,
      );
    }
    if (!LONE_WORKING_SETTINGS.includes(meeting.setting)) {
      throw refusedBy(
        'visit_in_home_or_public_place',
        `Lone-working visits are for meetings at the service user's home or in a public place, not ${meeting.setting}`,
      );
    }
    if (meeting.status !== 'planned')
      throw refusedBy(
        'visit_for_planned_meeting',
        `The meeting is ${meeting.status}: a visit starts for a planned meeting`,
      );
    return this.dataSource
      .transaction(async (manager) => {
        await this.meetingRules.assertMeetingRulesAt(manager, meeting, now);
        const visit = await manager.save(
          manager.create(LoneWorkingVisit, {
            meetingId,
            episodeId: meeting.episodeId,
            siteId: meeting.siteId,
            peerWorkerId: meeting.peerWorkerId,
            location: request.location,
            startedAt: now,
            expectedEndAt,
            checkIns: [],
            checkedOutAt: null,
            startedById: actor.id,
          }),
        );
        await this.auditWrite(manager, actor, 'lone_working.start', visit, meeting.serviceUserId);
        await this.events.emit(
          manager,
          actor,
          'lone_working.visit_moved',
          { visit, change: 'started', previousExpectedEndAt: null },
          {
            outbox: [
              {
                type: 'lone_working.visit_started',
                aggregateType: 'lone_working_visit',
                aggregateId: visit.id,
                payload: {
                  visitId: visit.id,
                  expectedEndAt: expectedEndAt.toISOString(),
                  peerWorkerId: visit.peerWorkerId,
                  siteId: visit.siteId,
                },
              },
            ],
          },
        );
        return visit;
      })
      .catch((error: unknown) => {
        if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
          throw refusedBy('one_visit_per_meeting', 'A visit has already been started for this meeting');
        }
        throw error;
      });
  }

  async checkIn(actor: Actor, visitId: string, request: CheckInRequest, now = new Date()): Promise<LoneWorkingVisit> {
    const seen = await this.visitInScope(actor, visitId, 'lone_working.check_in');
    await this.assertOwnPeerWorker(actor, seen.peerWorkerId);
    const newEnd = request.expectedEndAt ? new Date(request.expectedEndAt) : null;
    if (newEnd && newEnd.getTime() <= now.getTime())
      throw unprocessable('expected_end_in_future', 'expectedEndAt', 'The expected end of a visit is in the future');
    if (newEnd && newEnd.getTime() > seen.startedAt.getTime() + MAX_VISIT_HOURS * 3_600_000) {
      throw unprocessable(
        'expected_end_within_visit_limit',
        'expectedEndAt',
        `A visit is expected to end within ${MAX_VISIT_HOURS} hours of its start`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const visit = await this.lock(manager, visitId);
      if (visit.checkedOutAt) throw refusedBy('visit_open', 'The visit has been checked out');
      const previousExpectedEndAt = visit.expectedEndAt;
      if (newEnd) visit.expectedEndAt = newEnd;
      visit.checkIns = [...visit.checkIns, { at: now.toISOString(), expectedEndAt: visit.expectedEndAt.toISOString() }];
      const saved = await manager.save(visit);
      await this.auditWrite(manager, actor, 'lone_working.check_in', saved, null);
      await this.events.emit(
        manager,
        actor,
        'lone_working.visit_moved',
        { visit: saved, change: 'checked_in', previousExpectedEndAt },
        {
          outbox: [
            {
              type: 'lone_working.checked_in',
              aggregateType: 'lone_working_visit',
              aggregateId: saved.id,
              payload: {
                visitId: saved.id,
                expectedEndAt: saved.expectedEndAt.toISOString(),
                previousExpectedEndAt: previousExpectedEndAt.toISOString(),
                peerWorkerId: saved.peerWorkerId,
                siteId: saved.siteId,
              },
            },
          ],
        },
      );
      return saved;
    });
  }

  async checkOut(actor: Actor, visitId: string, now = new Date()): Promise<LoneWorkingVisit> {
    const seen = await this.visitInScope(actor, visitId, 'lone_working.check_out');
    await this.assertOwnPeerWorker(actor, seen.peerWorkerId);
    return this.dataSource.transaction(async (manager) => {
      const visit = await this.lock(manager, visitId);
      if (visit.checkedOutAt) throw refusedBy('visit_open', 'The visit has already been checked out');
      visit.checkedOutAt = now;
      const saved = await manager.save(visit);
      await this.auditWrite(manager, actor, 'lone_working.check_out', saved, null);
      await this.events.emit(
        manager,
        actor,
        'lone_working.visit_moved',
        { visit: saved, change: 'checked_out', previousExpectedEndAt: null },
        {
          outbox: [
            {
              type: 'lone_working.checked_out',
              aggregateType: 'lone_working_visit',
              aggregateId: saved.id,
              payload: {
                visitId: saved.id,
                checkedOutAt: now.toISOString(),
                expectedEndAt: saved.expectedEndAt.toISOString(),
                peerWorkerId: saved.peerWorkerId,
                siteId: saved.siteId,
              },
            },
          ],
        },
      );
      return saved;
    });
  }

  /** Someone in the escalation chain has picked up an overdue visit: the escalation stops there. */
  async acknowledge(actor: Actor, visitId: string, now = new Date()): Promise<LoneWorkingVisit> {
    const seen = await this.visitInScope(actor, visitId, 'lone_working.acknowledge');
    if (!this.access.coordinates(actor, seen.siteId))
      throw new AccessDeniedError('The coordinator or deputy acknowledges an escalation');
    return this.dataSource.transaction(async (manager) => {
      const visit = await this.lock(manager, visitId);
      const safety = visitSafetyAt(visit, await this.policyOf(visit.siteId), now);
      if (safety.escalateTo === null)
        throw refusedBy('visit_escalated', `There is no escalation to acknowledge: the visit is ${safety.state}`);
      Object.assign(visit, { escalationAcknowledgedAt: now, escalationAcknowledgedById: actor.id });
      const saved = await manager.save(visit);
      await this.auditWrite(manager, actor, 'lone_working.acknowledge', saved, null, {
        escalatedTo: safety.escalateTo,
      });
      return saved;
    });
  }

  async get(actor: Actor, visitId: string): Promise<LoneWorkingVisit> {
    const visit = await this.visitInScope(actor, visitId, 'lone_working.read');
    await this.audit.record({
      actor,
      action: 'lone_working.read',
      resourceType: 'lone_working_visit',
      resourceId: visitId,
      details: { episodeId: visit.episodeId },
    });
    return visit;
  }

  /** Open (not checked out) or overdue (past the expected end and the grace period) visits on the caller's sites. */
  async list(
    actor: Actor,
    query: VisitQuery,
    now = new Date(),
  ): Promise<{ visit: LoneWorkingVisit; safety: VisitSafety }[]> {
    const sites = isAdmin(actor) ? null : hasRole(actor, Role.Coordinator) ? actor.siteIds : [];
    const open = await this.visits.openVisits(sites, 500);
    const policies = new Map<string, EscalationPolicy>();
    const rows: { visit: LoneWorkingVisit; safety: VisitSafety }[] = [];
    for (const visit of open) {
      if (!policies.has(visit.siteId)) policies.set(visit.siteId, await this.policyOf(visit.siteId));
      const safety = visitSafetyAt(visit, policies.get(visit.siteId)!, now);
      if (query.status !== 'overdue' || safety.state.startsWith('overdue')) rows.push({ visit, safety });
    }
    await this.audit.recordList(
      actor,
      'lone_working_visit',
      rows.map((r) => r.visit.id),
      { status: query.status ?? 'open' },
    );
    return rows;
  }

  /**
   * For the scheduling jobs: re-read the visit and decide, at `now`, whether an escalation is due and to
   * whom. Never trusts what the job carried; a checked-out or acknowledged visit escalates to nobody.
   */
  async escalationDue(visitId: string, now = new Date()): Promise<EscalationDecision> {
    const visit = await this.dataSource.getRepository(LoneWorkingVisit).findOneBy({ id: visitId });
    if (!visit) throw new RecordNotFoundError('Lone-working visit', visitId);
    const safety = visitSafetyAt(visit, await this.policyOf(visit.siteId), now);
    let escalateTo: EscalationDecision['escalateTo'] = null;
    if (safety.escalateTo) {
      const chain = await this.peerWorkers.siteCoordinatorOf(visit.siteId);
      const userId =
        safety.escalateTo === 'coordinator' ? (chain?.coordinatorUserId ?? null) : (chain?.deputyUserId ?? null);
      escalateTo = { role: safety.escalateTo, userId };
    }
    return { visitId, siteId: visit.siteId, peerWorkerId: visit.peerWorkerId, safety, escalateTo };
  }

  async safetyOf(visit: LoneWorkingVisit, now = new Date()): Promise<VisitSafety> {
    return visitSafetyAt(visit, await this.policyOf(visit.siteId), now);
  }

  /**
   * The site's escalation windows. REMINDER_TIME_SCALE (1 in production) shortens them exactly as the
   * escalation jobs shorten them (escalationSteps), so a test's visit is overdue when its escalation fires.
   */
  private async policyOf(siteId: string): Promise<EscalationPolicy> {
    const settings = await this.sites.settingsOf(siteId);
    const scale = this.config.get('REMINDER_TIME_SCALE', { infer: true });
    return {
      graceMinutes: settings.loneWorkingGraceMinutes * scale,
      chain: settings.loneWorkingEscalationChain,
      acknowledgementMinutes: settings.loneWorkingAcknowledgementMinutes * scale,
    };
  }

  /** The visit's peer worker, the site's coordinator or an admin; otherwise 404 (audited). */
  private async visitInScope(actor: Actor, visitId: string, action: string): Promise<LoneWorkingVisit> {
    const visit = await this.dataSource.getRepository(LoneWorkingVisit).findOneBy({ id: visitId });
    if (visit) {
      if (this.access.coordinates(actor, visit.siteId)) return visit;
      const own = await this.access.ownPeerWorker(actor);
      if (own && own.id === visit.peerWorkerId) return visit;
    }
    await this.audit.record({
      actor,
      action,
      resourceType: 'lone_working_visit',
      resourceId: visitId,
      outcome: 'denied',
    });
    throw new RecordNotFoundError('Lone-working visit', visitId);
  }

  /** Check-ins and check-outs are the peer worker's own: nobody can check out on their behalf. */
  private async assertOwnPeerWorker(actor: Actor, peerWorkerId: string): Promise<void> {
    const own = await this.access.ownPeerWorker(actor);
    if (!own || own.id !== peerWorkerId)
      throw new AccessDeniedError('Only the visiting peer worker starts a visit and checks in and out');
  }

  private async lock(manager: EntityManager, id: string): Promise<LoneWorkingVisit> {
    const visit = await manager.findOne(LoneWorkingVisit, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!visit) throw new RecordNotFoundError('Lone-working visit', id);
    return visit;
  }

  private async auditWrite(
    manager: EntityManager,
    actor: Actor,
    action: string,
    visit: LoneWorkingVisit,
    serviceUserId: string | null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.record(
      {
        actor,
        action,
        resourceType: 'lone_working_visit',
        resourceId: visit.id,
        serviceUserId,
        details: { meetingId: visit.meetingId, episodeId: visit.episodeId, ...details },
      },
      manager,
    );
  }
}
