import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { ForbiddenTransitionError, UnprocessableError } from '../common/errors/domain-errors';
import { SitesService } from '../sites/sites.service';
import type { DischargeRequest, ReadmissionRequest } from './dto/support-episode.dto';
import { Readmission } from './entities/readmission.entity';
import { SupportEpisode } from './entities/support-episode.entity';
import { EpisodeMoves } from './episode-moves';
import { ScopedEpisodes } from './scoped-episodes';
import { PAUSABLE_STATES, SupportEpisodeState } from './support-episode.state-machine';
import { dischargeRefusal, indexDischargeOf, readmissionRefusal } from './ward-stay-rules';

const LONDON = 'Europe/London';
const todayInLondon = () => DateTime.now().setZone(LONDON).toISODate()!;

/** Both arms' follow-up record: the index discharge, the follow-up horizon and every readmission. */
export interface FollowUpRecord {
  episode: SupportEpisode;
  indexDischargeOn: string | null;
  followUpDays: number;
  followUpEndsOn: string | null;
  readmissions: Readmission[];
}

/**
 * What the ward records about a stay: discharges and readmissions, from the ward's own calls and the ward-event feed.
 * Each is decided on the locked episode and moved through EpisodeMoves; a readmission after any discharge is kept
 * as an outcome (the trial's primary outcome), for both arms.
 */
@Injectable()
export class EpisodeWardStays {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: ScopedEpisodes,
    private readonly moves: EpisodeMoves,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The ward records a readmission. During community support or the step-down it pauses the episode; after
   * any other discharge (before pairing, for usual care, after the episode ended) it is kept as an outcome
   * and the episode's state does not change.
   */
  async recordReadmission(actor: Actor, id: string, request: ReadmissionRequest): Promise<SupportEpisode> {
    await this.reads.findVisible(actor, id, 'support_episode.transition');
    if (request.readmittedOn > todayInLondon())
      throw new UnprocessableError('readmittedOn is in the future', 'readmittedOn');
    const { episode } = await this.dataSource.transaction((manager) =>
      this.readmitWithin(manager, actor, id, request.readmittedOn, 'Readmitted'),
    );
    return episode;
  }

  /**
   * Record a readmission in the caller's transaction (the ward-event feed too): `paused` when it paused
   * support. Refused (409, naming the rule) without a discharge to follow, or dated before it.
   */
  async readmitWithin(
    manager: EntityManager,
    actor: Actor,
    id: string,
    readmittedOn: string,
    reason: string,
  ): Promise<{ episode: SupportEpisode; paused: boolean }> {
    const episode = await this.moves.lock(manager, id);
    const alreadyAfterEnding =
      episode.state === 'ended' && episode.dischargedOn !== null
        ? await manager.existsBy(Readmission, {
            episodeId: episode.id,
            afterDischargeOn: episode.dischargedOn,
            dischargedAgainOn: IsNull(),
            episodeState: 'ended',
          })
        : false;
    const broken = readmissionRefusal(episode, readmittedOn, alreadyAfterEnding);
    if (broken)
      throw new ForbiddenTransitionError('support episode', episode.state, 'readmitted', broken.rule, broken.explain);
    if ((PAUSABLE_STATES as readonly SupportEpisodeState[]).includes(episode.state)) {
      episode.readmittedOn = readmittedOn;
      return { episode: await this.moves.apply(manager, actor, episode, 'readmitted', reason), paused: true };
    }
    // Kept as an outcome. An ended episode is not changed; an open one (before pairing, usual care) notes the
    // date, so pairing it now starts on the ward again.
    const readmission = await this.moves.insertReadmission(manager, actor, episode, readmittedOn, null);
    const saved = episode.state === 'ended' ? episode : await manager.save(Object.assign(episode, { readmittedOn }));
    await this.audit.record(
      {
        actor,
        action: 'support_episode.readmission',
        resourceType: 'support_episode',
        resourceId: episode.id,
        serviceUserId: episode.serviceUserId,
        details: {
          state: episode.state,
          readmittedOn,
          afterDischargeOn: readmission.afterDischargeOn,
          withinFollowUp: readmission.withinFollowUp,
          reason,
        },
      },
      manager,
    );
    return { episode: saved, paused: false };
  }

  /**
   * The episode a readmission of this service user is recorded against when none is open: their latest
   * ended episode with a discharge (null if none). Locked in the caller's transaction.
   */
  async latestDischargedEpisodeOf(manager: EntityManager, serviceUserId: string): Promise<SupportEpisode | null> {
    return manager.findOne(SupportEpisode, {
      where: { serviceUserId, state: 'ended', dischargedOn: Not(IsNull()) },
      order: { dischargedOn: 'DESC', createdAt: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The episode's readmissions with its index discharge and follow-up window (both arms' follow-up record). */
  async readmissionsOf(actor: Actor, id: string): Promise<FollowUpRecord> {
    const episode = await this.reads.findVisible(actor, id, 'support_episode.readmissions');
    const readmissions = await this.dataSource
      .getRepository(Readmission)
      .find({ where: { episodeId: id }, order: { readmittedOn: 'ASC', createdAt: 'ASC' } });
    const { readmissionFollowUpDays } = await this.sites.settingsOf(episode.siteId);
    const indexDischargeOn = indexDischargeOf(episode, readmissions);
    await this.audit.record({
      actor,
      action: 'support_episode.readmissions',
      resourceType: 'support_episode',
      resourceId: id,
      serviceUserId: episode.serviceUserId,
      details: { count: readmissions.length },
    });
    return {
      episode,
      indexDischargeOn,
      followUpDays: readmissionFollowUpDays,
      followUpEndsOn: indexDischargeOn
        ? DateTime.fromISO(indexDischargeOn).plus({ days: readmissionFollowUpDays }).toISODate()!
        : null,
      readmissions,
    };
  }

  /**
   * The ward records the actual discharge date: ward support moves to community support, and a
   * readmission pause returns to where it left off.
   */
  async recordDischarge(actor: Actor, id: string, request: DischargeRequest): Promise<SupportEpisode> {
    await this.reads.findVisible(actor, id, 'support_episode.transition');
    if (request.dischargedOn > todayInLondon())
      throw new UnprocessableError('dischargedOn is in the future', 'dischargedOn');
    return this.dataSource.transaction((manager) =>
      this.dischargeWithin(manager, actor, id, request.dischargedOn, 'Discharged'),
    );
  }

  /**
   * Record a discharge in the caller's transaction (the ward-event feed too), decided on the locked row so a
   * concurrent move cannot send the episode the wrong way. From any open state before the community: paired
   * (first ward meeting held or not) starts community support — the move writes `episode.discharged` to the
   * outbox and generates the community plan from the discharge date; before pairing it is recorded where the
   * episode is (the urgent-pairing queue). A readmission pause returns to where it left off.
   */
  async dischargeWithin(
    manager: EntityManager,
    actor: Actor,
    id: string,
    dischargedOn: string,
    reason: string,
  ): Promise<SupportEpisode> {
    const episode = await this.moves.lock(manager, id);
    const broken = dischargeRefusal(episode, dischargedOn);
    if (broken)
      throw new ForbiddenTransitionError('support episode', episode.state, 'discharged', broken.rule, broken.explain);
    const to = dischargeTargetOf(episode);
    const why =
      episode.firstWardMeetingAt === null && to !== 'allocated_usual_care'
        ? `${reason} (before the first ward meeting${episode.peerWorkerId ? '' : ', before pairing'})`
        : reason;
    episode.dischargedOn = dischargedOn;
    return this.moves.apply(manager, actor, episode, to, why);
  }
}

/**
 * Where a discharge takes an open episode: a readmission pause returns to where it left off; a paired
 * episode (first ward meeting held or not) starts community support; before pairing (referred, usual care,
 * awaiting pairing) the discharge is recorded where the episode is. Anything else (already in the community,
 * ended) is a self-move the table does not have, so it is refused naming transition_not_in_table.
 */
export function dischargeTargetOf(e: Pick<SupportEpisode, 'state' | 'pausedFrom'>): SupportEpisodeState {
  if (e.state === 'readmitted') return e.pausedFrom ?? 'community_support';
  if (e.state === 'paired' || e.state === 'ward_support') return 'community_support';
  // Before pairing: recorded where the episode is. In the community, stepping down or ended: not in the table.
  return e.state;
}
