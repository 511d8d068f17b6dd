import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager, IsNull, LessThanOrEqual } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { RecordNotFoundError } from '../common/errors/domain-errors';
import { DomainEvents } from '../common/events/domain-events.service';
import type { DomainEvent as OutboxRow } from '../scheduling/outbox/outbox.service';
import { ServiceUsersService } from '../service-users/service-users.service';
import { SitesService } from '../sites/sites.service';
import { Readmission } from './entities/readmission.entity';
import { SupportEpisode } from './entities/support-episode.entity';
import { SupportEpisodeTransition } from './entities/support-episode-transition.entity';
import {
  isDischargeMove,
  PausableState,
  startsCommunitySupport,
  SupportEpisodeFacts,
  supportEpisodeMachine,
  SupportEpisodeState,
} from './support-episode.state-machine';
import { indexDischargeOf } from './ward-stay-rules';

/**
 * The one way an episode moves: checked against the transition table with the facts gathered here, saved,
 * recorded (who, when, why, from and to), audited, its readmission facts kept, and `episode.moved` emitted with
 * the outbox rows of later work — all in the caller's transaction.
 */
@Injectable()
export class EpisodeMoves {
  constructor(
    private readonly serviceUsers: ServiceUsersService,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** Lock the episode row in the caller's transaction. */
  async lock(manager: EntityManager, id: string): Promise<SupportEpisode> {
    const episode = await manager.findOne(SupportEpisode, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!episode) throw new RecordNotFoundError('Support episode', id);
    return episode;
  }

  /** Check the move against the table and its guards, then record it. */
  async apply(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    to: SupportEpisodeState,
    reason: string | null,
  ): Promise<SupportEpisode> {
    const from = episode.state;
    supportEpisodeMachine.assert(from, to, await this.factsOf(manager, episode));
    if (to === 'readmitted') episode.pausedFrom = from as 'community_support' | 'step_down';
    else if (from === 'readmitted') episode.pausedFrom = null;
    if (to === 'ended') episode.endedAt = new Date();
    else episode.endingReason = null;
    episode.state = to;
    const saved = await manager.save(episode);
    await manager.insert(SupportEpisodeTransition, {
      episodeId: episode.id,
      fromState: from,
      toState: to,
      actorId: actor.id,
      reason,
    });
    await this.audit.record(
      {
        actor,
        action: 'support_episode.transition',
        resourceType: 'support_episode',
        resourceId: episode.id,
        serviceUserId: episode.serviceUserId,
        details: { from, to, ...(episode.endingReason ? { endingReason: episode.endingReason } : {}) },
      },
      manager,
    );
    await this.recordReadmissionFacts(manager, actor, saved, from, to);
    await this.events.emit(
      manager,
      actor,
      'episode.moved',
      { episode: saved, from, to, reason },
      { outbox: this.laterWorkOf(saved, from, to) },
    );
    return saved;
  }

  /** The facts the guards read, from the episode, its service user's consents and the site. */
  async factsOf(manager: EntityManager, episode: SupportEpisode): Promise<SupportEpisodeFacts> {
    const allocationMode =
      episode.allocationMethod ?? (await this.sites.settingsOf(episode.siteId, manager)).allocation;
    return {
      allocationMode,
      allocatedArm: episode.allocatedArm,
      peerSupportConsent: await this.serviceUsers.hasActiveConsent(episode.serviceUserId, 'peer_support', manager),
      researchConsent: await this.serviceUsers.hasActiveConsent(episode.serviceUserId, 'research', manager),
      peerWorkerId: episode.peerWorkerId,
      firstWardMeetingAt: episode.firstWardMeetingAt,
      dischargedOn: episode.dischargedOn,
      readmittedOn: episode.readmittedOn,
      pausedFrom: episode.pausedFrom,
      endingReason: episode.endingReason,
    };
  }

  /** One readmission row: the discharge it followed, days since it, and whether it is within follow-up. */
  async insertReadmission(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    readmittedOn: string,
    pausedFrom: PausableState | null,
  ): Promise<Readmission> {
    const afterDischargeOn = episode.dischargedOn!;
    const earlier = await manager.find(Readmission, { where: { episodeId: episode.id } });
    const indexDischargeOn = indexDischargeOf(episode, earlier)!;
    const { readmissionFollowUpDays } = await this.sites.settingsOf(episode.siteId, manager);
    const daysBetween = (a: string, b: string) =>
      Math.round(DateTime.fromISO(b).diff(DateTime.fromISO(a), 'days').days);
    return manager.save(
      manager.create(Readmission, {
        episodeId: episode.id,
        serviceUserId: episode.serviceUserId,
        readmittedOn,
        afterDischargeOn,
        daysSinceDischarge: daysBetween(afterDischargeOn, readmittedOn),
        pausedFrom,
        episodeState: episode.state,
        withinFollowUp: daysBetween(indexDischargeOn, readmittedOn) <= readmissionFollowUpDays,
        recordedById: actor.id,
        dischargedAgainOn: null,
      }),
    );
  }

  /** Readmissions are kept, with the discharge they followed, for outcome reporting; the next discharge closes them. */
  private async recordReadmissionFacts(
    manager: EntityManager,
    actor: Actor,
    episode: SupportEpisode,
    from: SupportEpisodeState,
    to: SupportEpisodeState,
  ): Promise<void> {
    // A readmission leaves dischargedOn alone: it is still the discharge the readmission followed.
    if (to === 'readmitted' && episode.readmittedOn && episode.dischargedOn) {
      await this.insertReadmission(manager, actor, episode, episode.readmittedOn, from as PausableState);
    } else if (episode.dischargedOn && isDischargeMove(from, to)) {
      // The discharge after a readmission (a pause, or one kept for an episode before pairing or in usual care).
      await manager.update(
        Readmission,
        { episodeId: episode.id, dischargedAgainOn: IsNull(), readmittedOn: LessThanOrEqual(episode.dischargedOn) },
        { dischargedAgainOn: episode.dischargedOn },
      );
    }
  }

  /** The facts later work needs (reminders, telling the peer worker, reports): discharge, readmission and ending. */
  private laterWorkOf(episode: SupportEpisode, from: SupportEpisodeState, to: SupportEpisodeState): OutboxRow[] {
    const base = { aggregateType: 'support_episode', aggregateId: episode.id };
    const payload = {
      episodeId: episode.id,
      serviceUserId: episode.serviceUserId,
      siteId: episode.siteId,
      peerWorkerId: episode.peerWorkerId,
    };
    // Into the community: from the ward (first ward meeting held or not), after a readmission, or by pairing
    // someone already discharged. The first-community-meeting reminder counts from the real discharge date.
    if (startsCommunitySupport(from, to) || (from === 'readmitted' && isDischargeMove(from, to))) {
      return [
        {
          ...base,
          type: 'episode.discharged',
          payload: {
            ...payload,
            dischargedOn: episode.dischargedOn,
            resumed: from === 'readmitted',
            beforeWardMeeting: episode.firstWardMeetingAt === null,
            pairedAfterDischarge: from === 'awaiting_pairing',
          },
        },
      ];
    } else if (to === 'readmitted') {
      return [
        {
          ...base,
          type: 'episode.readmitted',
          payload: { ...payload, readmittedOn: episode.readmittedOn, pausedFrom: episode.pausedFrom },
        },
      ];
    } else if (to === 'ended') {
      return [{ ...base, type: 'episode.ended', payload: { ...payload, endingReason: episode.endingReason } }];
    }
    return [];
  }
}
