import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addCalendarDays } from '../absence/absence-term';
import type { Absence } from '../absence/entities/absence.entity';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { DomainEvents } from '../common/events/domain-events.service';
import { MeetingsService } from '../delivery/meetings/meetings.service';
import { StepDownPlanService } from '../delivery/step-down/step-down-plan.service';
import { SupportEpisodesService } from '../episodes/support-episodes.service';
import { PairingService } from '../pairing/pairing.service';
import { AbsenceWithoutCover } from './absence-without-cover';
import { contactsWindow, EARLIEST, OPEN_END, windowInstants, type CoverWindow } from './cover-rules';
import type { ArrangementRequest } from './dto/cover.dto';
import { CoverArrangement } from './entities/cover-arrangement.entity';

/** What confirming one episode's arrangement needs beyond the request (read once for the whole plan). */
export interface ArrangementContext {
  absence: Absence;
  term: 'short_term' | 'long_term';
  window: CoverWindow;
  startsAt: Date;
  caseloadCap: number;
}

/**
 * Cover arrangements as they start, follow the absence and end — inside the caller's transaction. Every change
 * to another area's records goes through that area: pairings through PairingService, planned contacts through
 * the step-down plan, meetings through MeetingsService (their transition table and reminders).
 */
@Injectable()
export class CoverArrangements {
  constructor(
    private readonly pairing: PairingService,
    private readonly episodes: SupportEpisodesService,
    private readonly plans: StepDownPlanService,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly withoutCover: AbsenceWithoutCover,
  ) {}

  /**
   * One episode's arrangement: a cover pairing with the contacts and meetings in the absence handed over, a
   * permanent re-pairing, or a pause (contacts and meetings in the absence cancelled with the reason).
   */
  async start(
    manager: EntityManager,
    actor: Actor,
    { absence, term, window, startsAt, caseloadCap }: ArrangementContext,
    request: ArrangementRequest,
    reserveActivated: boolean,
  ): Promise<CoverArrangement> {
    const absentId = absence.peerWorkerId!;
    const { episodeId } = request;
    const reason =
      request.reason ??
      `${request.arrangement === 'repair' ? 'Re-paired' : 'Cover'} for absence ${absence.startsOn} to ${window.to === OPEN_END ? 'return' : window.to}`;
    let pairingId: string | null = null;
    if (request.arrangement === 'cover') {
      const covering = request.peerWorkerId!;
      pairingId = (await this.pairing.startCover(manager, actor, episodeId, covering, startsAt, caseloadCap, reason))
        .id;
      await this.plans.reassignOwner(actor, episodeId, absentId, covering, contactsWindow(window), manager);
      await this.moveMeetings(manager, actor, episodeId, absentId, covering, window);
    } else if (request.arrangement === 'repair') {
      const repairedTo = request.peerWorkerId!;
      pairingId = (await this.pairing.pairWithin(manager, actor, episodeId, repairedTo, caseloadCap, reason)).pairing
        .id;
      const fromStart = { from: absence.startsOn, to: OPEN_END };
      await this.plans.reassignOwner(actor, episodeId, absentId, repairedTo, { from: EARLIEST, to: OPEN_END }, manager);
      await this.moveMeetings(manager, actor, episodeId, absentId, repairedTo, fromStart);
    } else {
      const why = `Contact paused while the peer worker is away (service user informed)${request.reason ? `: ${request.reason}` : ''}`;
      await this.plans.pauseForAbsence(actor, episodeId, absentId, contactsWindow(window), why, manager);
      await this.cancelMeetings(manager, actor, episodeId, absentId, window, why);
    }
    const arrangement = await manager.save(
      manager.create(CoverArrangement, {
        absenceId: absence.id,
        episodeId,
        siteId: absence.siteId,
        absentPeerWorkerId: absentId,
        arrangement: request.arrangement,
        coveringPeerWorkerId: request.peerWorkerId ?? null,
        pairingId,
        reserveActivated,
        serviceUserInformed: request.serviceUserInformed === true,
        termAtConfirmation: term,
        reason: request.reason ?? null,
        startsOn: absence.startsOn,
        state: 'active',
        confirmedById: actor.id,
        endedAt: null,
        endedById: null,
        endReason: null,
      }),
    );
    const { serviceUserId } = await this.episodes.findForArea(episodeId, manager);
    await this.withoutCover.resolveForEpisode(
      manager,
      actor,
      episodeId,
      `Cover confirmed for absence ${absence.id}: ${request.arrangement}${request.peerWorkerId ? ` by peer worker ${request.peerWorkerId}` : ''}`,
    );
    await this.audit.record(
      {
        actor,
        action: 'cover.confirm',
        resourceType: 'support_episode',
        resourceId: episodeId,
        serviceUserId,
        details: {
          absenceId: absence.id,
          arrangement: request.arrangement,
          coveringPeerWorkerId: request.peerWorkerId ?? null,
          reserveActivated,
        },
      },
      manager,
    );
    const confirmed = {
      type: 'cover.confirmed',
      aggregateType: 'cover_arrangement',
      aggregateId: arrangement.id,
      payload: {
        arrangementId: arrangement.id,
        absenceId: arrangement.absenceId,
        episodeId,
        siteId: absence.siteId,
        arrangement: request.arrangement,
        absentPeerWorkerId: absentId,
        coveringPeerWorkerId: request.peerWorkerId ?? null,
        coverStartsAt: startsAt.toISOString(),
      },
    };
    await this.events.emit(
      manager,
      actor,
      'cover.changed',
      { arrangement, change: 'started' },
      { outbox: [confirmed] },
    );
    return arrangement;
  }

  /**
   * The episode ended (consent withdrawn, a planned ending …) while cover ran: the arrangement ends with it, so no
   * handover reminder asks for notes about someone no longer supported. Its pairing and contacts closed with the
   * episode (pairing's and step-down's own handlers); nothing goes back to anyone.
   */
  async endWithEpisode(manager: EntityManager, actor: Actor, arrangement: CoverArrangement): Promise<void> {
    await this.close(manager, actor, arrangement, 'Episode ended');
  }

  /** The absence ended or was cancelled: cover ends, and the plan from the day after goes back to the episode's peer worker. */
  async end(manager: EntityManager, actor: Actor, absence: Absence, arrangement: CoverArrangement): Promise<void> {
    const now = new Date();
    const reason = absence.state === 'cancelled' ? 'Absence cancelled' : `Absence ended (last day ${absence.endedOn})`;
    if (arrangement.arrangement === 'cover') {
      if (arrangement.pairingId) await this.pairing.endCover(manager, actor, arrangement.pairingId, now, reason);
      // Back to the returning peer worker while they still support the episode; else to its primary now.
      const { episodeId, absentPeerWorkerId, coveringPeerWorkerId } = arrangement;
      const returnTo = (await this.pairing.holdsOpenPairing(episodeId, absentPeerWorkerId, undefined, manager))
        ? absentPeerWorkerId
        : (await this.episodes.findForArea(episodeId, manager)).peerWorkerId;
      if (returnTo && returnTo !== coveringPeerWorkerId) {
        const back = {
          from: absence.state === 'cancelled' ? absence.startsOn : addCalendarDays(absence.endedOn!, 1),
          to: OPEN_END,
        };
        await this.plans.reassignOwner(actor, episodeId, coveringPeerWorkerId!, returnTo, back, manager);
        await this.moveMeetings(manager, actor, episodeId, coveringPeerWorkerId!, returnTo, back);
      }
    }
    await this.close(manager, actor, arrangement, reason, now);
  }

  private async close(
    manager: EntityManager,
    actor: Actor,
    arrangement: CoverArrangement,
    reason: string,
    now = new Date(),
  ): Promise<void> {
    Object.assign(arrangement, { state: 'ended', endedAt: now, endedById: actor.id, endReason: reason });
    await manager.save(arrangement);
    await this.audit.record(
      {
        actor,
        action: 'cover.end',
        resourceType: 'support_episode',
        resourceId: arrangement.episodeId,
        details: { absenceId: arrangement.absenceId, arrangement: arrangement.arrangement, reason },
      },
      manager,
    );
    const ended = {
      type: 'cover.ended',
      aggregateType: 'cover_arrangement',
      aggregateId: arrangement.id,
      payload: {
        arrangementId: arrangement.id,
        absenceId: arrangement.absenceId,
        episodeId: arrangement.episodeId,
        siteId: arrangement.siteId,
        arrangement: arrangement.arrangement,
        absentPeerWorkerId: arrangement.absentPeerWorkerId,
        coveringPeerWorkerId: arrangement.coveringPeerWorkerId,
        endedAt: now.toISOString(),
      },
    };
    await this.events.emit(manager, actor, 'cover.changed', { arrangement, change: 'ended' }, { outbox: [ended] });
  }

  /**
   * The expected return moved: a covering peer worker takes the contacts and meetings the window now
   * includes, and gives back those it no longer does; a pause extends to the new days.
   */
  async followWindow(
    manager: EntityManager,
    actor: Actor,
    arrangement: CoverArrangement,
    window: CoverWindow,
  ): Promise<void> {
    const { episodeId, absentPeerWorkerId: absentId } = arrangement;
    if (arrangement.arrangement === 'cover') {
      const covering = arrangement.coveringPeerWorkerId!;
      await this.plans.reassignOwner(actor, episodeId, absentId, covering, contactsWindow(window), manager);
      await this.moveMeetings(manager, actor, episodeId, absentId, covering, window);
      if (window.to !== OPEN_END) {
        const after = { from: addCalendarDays(window.to, 1), to: OPEN_END };
        await this.plans.reassignOwner(actor, episodeId, covering, absentId, after, manager);
        await this.moveMeetings(manager, actor, episodeId, covering, absentId, after);
      }
    } else if (arrangement.arrangement === 'pause') {
      const why = 'Contact paused while the peer worker is away (absence extended; service user informed)';
      await this.plans.pauseForAbsence(actor, episodeId, absentId, contactsWindow(window), why, manager);
      await this.cancelMeetings(manager, actor, episodeId, absentId, window, why);
    }
  }

  /** Planned meetings of `from` on the episode in the window pass to `to`, through delivery (their reminders follow: the policy re-reads the meeting). */
  private async moveMeetings(
    manager: EntityManager,
    actor: Actor,
    episodeId: string,
    from: string,
    to: string,
    window: CoverWindow,
  ): Promise<void> {
    await this.meetings.reassign(manager, actor, { episodeId, peerWorkerId: from, ...windowInstants(window) }, to);
  }

  /** A pause: planned meetings in the window are cancelled through delivery's transition table, with the reason recorded (never silently left). */
  private async cancelMeetings(
    manager: EntityManager,
    actor: Actor,
    episodeId: string,
    peerWorkerId: string,
    window: CoverWindow,
    reason: string,
  ): Promise<void> {
    await this.meetings.cancelForCover(manager, actor, { episodeId, peerWorkerId, ...windowInstants(window) }, reason);
  }
}
