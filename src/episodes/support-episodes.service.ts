import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { ForbiddenTransitionError } from '../common/errors/domain-errors';
import type { ServiceUser } from '../service-users/entities/service-user.entity';
import { ServiceUsersService } from '../service-users/service-users.service';
import { SitesService } from '../sites/sites.service';
import { AllocationService } from './allocation/allocation.service';
import type { EndingRequest, ReferralRequest } from './dto/support-episode.dto';
import type { EligibilityAssessment } from './eligibility';
import { SupportEpisode } from './entities/support-episode.entity';
import type { SupportEpisodeTransition } from './entities/support-episode-transition.entity';
import { EpisodeMoves } from './episode-moves';
import { ScopedEpisodes } from './scoped-episodes';
import { EpisodeReferrals } from './episode-referrals';
import { EpisodeWardStays } from './episode-ward-stays';
import { EpisodesRepository } from './episodes.repository';
import { EndingReason, SupportEpisodeState } from './support-episode.state-machine';

export { isOneOpenEpisodeRefusal } from './episode-referrals';

/** Facts a later step records as it moves the episode (first ward meeting, pairing, discharge …). */
export interface EpisodeChange {
  /** Why, in words, for the transition history. */
  reason?: string;
  endingReason?: EndingReason;
  firstWardMeetingAt?: Date;
  peerWorkerId?: string;
  dischargedOn?: string;
  readmittedOn?: string;
}

/**
 * Support episodes as the other areas use them: allocation, the ending, every other move of the workflow
 * (EpisodeMoves records each), re-pairing, and the episode's reads and ward-stay records (ScopedEpisodes,
 * EpisodeWardStays, EpisodeReferrals hold those; the methods here are what other areas call).
 */
@Injectable()
export class SupportEpisodesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly serviceUsers: ServiceUsersService,
    private readonly sites: SitesService,
    private readonly allocations: AllocationService,
    private readonly audit: AuditService,
    private readonly episodes: EpisodesRepository,
    private readonly moves: EpisodeMoves,
    private readonly reads: ScopedEpisodes,
    private readonly referrals: EpisodeReferrals,
    private readonly wardStays: EpisodeWardStays,
  ) {}

  /**
   * Allocate a referred service user: `none` sends every consented service user to awaiting_pairing;
   * `randomised` draws the next place in the (site, diagnostic stratum) sequence.
   */
  async allocate(actor: Actor, id: string): Promise<SupportEpisode> {
    await this.reads.findVisible(actor, id, 'support_episode.allocate');
    return this.dataSource.transaction(async (manager) => {
      const episode = await this.moves.lock(manager, id);
      const { allocation: method } = await this.sites.settingsOf(episode.siteId, manager);
      if (episode.state !== 'referred')
        throw new ForbiddenTransitionError(
          'support episode',
          episode.state,
          'awaiting_pairing',
          'transition_not_in_table',
          'Only a referred support episode is allocated',
        );
      if (method === 'randomised') {
        // Consent first: a place in the sequence is used only for someone who can take either arm.
        const facts = await this.moves.factsOf(manager, { ...episode, allocationMethod: 'randomised' });
        for (const [held, rule, explain] of [
          [facts.researchConsent, 'research_consent', 'Randomisation needs the service user’s consent to the research'],
          [
            facts.peerSupportConsent,
            'peer_support_consent',
            'Randomisation needs the service user’s consent to peer support',
          ],
        ] as const) {
          if (!held) throw new ForbiddenTransitionError('support episode', 'referred', 'allocated', rule, explain);
        }
        const allocation = await this.allocations.randomise(manager, actor, episode);
        Object.assign(episode, {
          allocationMethod: 'randomised',
          allocatedArm: allocation.arm,
          allocatedAt: allocation.allocatedAt ?? new Date(),
        });
        const to = allocation.arm === 'peer_support' ? 'awaiting_pairing' : 'allocated_usual_care';
        return this.moves.apply(
          manager,
          actor,
          episode,
          to,
          `Randomised (${episode.diagnosticStratum} stratum, place ${allocation.sequenceNumber + 1})`,
        );
      }
      Object.assign(episode, { allocationMethod: 'none', allocatedArm: null, allocatedAt: new Date() });
      return this.moves.apply(manager, actor, episode, 'awaiting_pairing', 'Routine service: no randomisation');
    });
  }

  /** Trial audit of a site's randomisation (admins): counts per stratum and whether each reproduces from its seed. */
  async auditAllocation(actor: Actor, siteId: string) {
    await this.sites.get(actor, siteId);
    const strata = await this.allocations.verify(siteId);
    await this.audit.record({
      actor,
      action: 'allocation.audit',
      resourceType: 'site',
      resourceId: siteId,
      details: { strata: strata.length },
    });
    return strata;
  }

  async end(actor: Actor, id: string, request: EndingRequest): Promise<SupportEpisode> {
    await this.reads.findVisible(actor, id, 'support_episode.transition');
    const reason = request.note ? `${request.endingReason}: ${request.note}` : request.endingReason;
    return this.transition(actor, id, 'ended', { endingReason: request.endingReason, reason });
  }

  /**
   * Move an episode, recording who, when, why, from and to. For other areas (first ward meeting,
   * pairing, step-down): they have checked the caller's access to the episode. Runs in `manager`'s
   * transaction when given, so the move commits with the caller's own writes.
   */
  async transition(
    actor: Actor,
    id: string,
    to: SupportEpisodeState | ((episode: SupportEpisode) => SupportEpisodeState),
    change: EpisodeChange = {},
    manager?: EntityManager,
  ): Promise<SupportEpisode> {
    const run = async (m: EntityManager) => {
      const episode = await this.moves.lock(m, id);
      const target = typeof to === 'function' ? to(episode) : to;
      const { reason, ...facts } = change;
      Object.assign(episode, facts);
      return this.moves.apply(m, actor, episode, target, reason ?? null);
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /**
   * Re-pairing: swap the peer worker of an episode that already has one, with no change of state. The
   * caller (pairing) has locked the episode, checked access and recorded the pairing history.
   */
  async replacePeerWorker(
    manager: EntityManager,
    actor: Actor,
    id: string,
    peerWorkerId: string,
    reason: string,
  ): Promise<SupportEpisode> {
    const episode = await this.moves.lock(manager, id);
    if (!(REPAIRABLE_STATES as readonly SupportEpisodeState[]).includes(episode.state)) {
      throw new ForbiddenTransitionError(
        'support episode',
        episode.state,
        episode.state,
        'repairing_needs_a_paired_episode',
        'Only an episode that already has a peer worker can be re-paired',
      );
    }
    if (!(await this.serviceUsers.hasActiveConsent(episode.serviceUserId, 'peer_support', manager))) {
      throw new ForbiddenTransitionError(
        'support episode',
        episode.state,
        episode.state,
        'peer_support_consent',
        'The service user has no consent to peer support in force',
      );
    }
    const previous = episode.peerWorkerId;
    episode.peerWorkerId = peerWorkerId;
    const saved = await manager.save(episode);
    await this.audit.record(
      {
        actor,
        action: 'support_episode.repair',
        resourceType: 'support_episode',
        resourceId: id,
        serviceUserId: episode.serviceUserId,
        details: { previousPeerWorkerId: previous, peerWorkerId, reason },
      },
      manager,
    );
    return saved;
  }

  // ── For other areas: the reads, the referral on admission and the ward-stay records, in their transaction ──

  /** The episode read by the caller, audited (ScopedEpisodes.get): for areas that link a record to it (supervision). */
  get(actor: Actor, id: string): Promise<SupportEpisode> {
    return this.reads.get(actor, id);
  }

  /** The episode's transition history read by the caller, audited (ScopedEpisodes.history): the dashboard's timeline. */
  history(actor: Actor, id: string): Promise<SupportEpisodeTransition[]> {
    return this.reads.history(actor, id);
  }

  /** The episode if the caller's scope covers it; otherwise 404, audited as denied (ScopedEpisodes.findVisible). */
  findVisible(actor: Actor, id: string, action: string): Promise<SupportEpisode> {
    return this.reads.findVisible(actor, id, action);
  }

  /** An episode by id with no caller scope, for areas that check access their own way; locked with `lock`. */
  findForArea(id: string, manager?: EntityManager, lock = false): Promise<SupportEpisode> {
    return this.reads.findForArea(id, manager, lock);
  }

  /** An episode by id with no caller scope: for other areas' rules (pairing suggestions for cover), never for HTTP reads. */
  findById(id: string): Promise<SupportEpisode> {
    return this.reads.findForArea(id);
  }

  /** The service user's open support episode (at most one), locked in the caller's transaction; null when none is open. */
  lockOpenEpisodeOf(manager: EntityManager, serviceUserId: string): Promise<SupportEpisode | null> {
    return this.episodes.lockOpenEpisodeOf(serviceUserId, manager);
  }

  /** Lock the episode row in the caller's transaction. */
  lock(manager: EntityManager, id: string): Promise<SupportEpisode> {
    return this.moves.lock(manager, id);
  }

  /** A ward system's admission refers the service user (EpisodeReferrals.referOnAdmission). */
  referOnAdmission(
    manager: EntityManager,
    actor: Actor,
    serviceUser: ServiceUser,
    request: Omit<ReferralRequest, 'serviceUserId'> & { referredOn: string },
  ): Promise<{ episode: SupportEpisode } | { ineligible: EligibilityAssessment }> {
    return this.referrals.referOnAdmission(manager, actor, serviceUser, request);
  }

  /** A readmission in the caller's transaction (EpisodeWardStays.readmitWithin). */
  readmitWithin(
    manager: EntityManager,
    actor: Actor,
    id: string,
    readmittedOn: string,
    reason: string,
  ): Promise<{ episode: SupportEpisode; paused: boolean }> {
    return this.wardStays.readmitWithin(manager, actor, id, readmittedOn, reason);
  }

  /** A discharge in the caller's transaction (EpisodeWardStays.dischargeWithin). */
  dischargeWithin(
    manager: EntityManager,
    actor: Actor,
    id: string,
    dischargedOn: string,
    reason: string,
  ): Promise<SupportEpisode> {
    return this.wardStays.dischargeWithin(manager, actor, id, dischargedOn, reason);
  }

  /** The latest ended episode with a discharge, locked: where a readmission with none open is recorded. */
  latestDischargedEpisodeOf(manager: EntityManager, serviceUserId: string): Promise<SupportEpisode | null> {
    return this.wardStays.latestDischargedEpisodeOf(manager, serviceUserId);
  }
}

/** States in which an episode has a peer worker, so pairing again swaps them (re-pairing). */
export const REPAIRABLE_STATES = [
  'paired',
  'ward_support',
  'community_support',
  'step_down',
  'readmitted',
] as const satisfies readonly SupportEpisodeState[];
