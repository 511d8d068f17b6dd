import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import { RecordNotFoundError, UnprocessableError } from '../../common/errors/domain-errors';
import type { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import { SitesService } from '../../sites/sites.service';
import { DeliveryAccess } from '../delivery-access.service';
import { refusedBy, unprocessable } from '../delivery-rule';
import { LONDON } from '../meetings/meeting-rules';
import { RecordDischargeMeetingRequest } from './dto/discharge-meeting.dto';
import { DischargeMeeting } from './entities/discharge-meeting.entity';
import { FollowUpCompliance, followUpCompliance } from './follow-up-standard';

export interface DischargeMeetingRead {
  meeting: DischargeMeeting;
  followUpStandard: FollowUpCompliance & { dischargedOn: string | null };
}

/**
 * The ward team's formal discharge / care planning meeting (handbook 13). The actual discharge date is
 * recorded by POST /support-episodes/{id}/discharge; once it is known, each discharge meeting shows
 * whether the community team's follow-up met the 72-hour standard.
 */
@Injectable()
export class DischargeMeetingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: DeliveryAccess,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
  ) {}

  async record(actor: Actor, episodeId: string, request: RecordDischargeMeetingRequest): Promise<DischargeMeetingRead> {
    const { episode: seen } = await this.access.episodeInScope(actor, episodeId, 'discharge_meeting.create');
    const today = DateTime.now().setZone(LONDON).toISODate()!;
    if (request.heldOn > today)
      throw unprocessable('held_on_not_in_future', 'heldOn', 'A discharge meeting is recorded once it has been held');
    if (request.peerWorkerAttended && !request.serviceUserInvitedPeerWorker) {
      throw unprocessable(
        'peer_worker_attends_when_invited',
        'peerWorkerAttended',
        'The peer worker joins the discharge meeting only when the service user invites them',
      );
    }
    const followUpOn = request.communityFollowUpOn ?? null;
    if (request.communityFollowUpArranged && followUpOn === null) {
      throw unprocessable(
        'follow_up_date_given',
        'communityFollowUpOn',
        'An arranged community-team follow-up needs its date',
      );
    }
    if (!request.communityFollowUpArranged && followUpOn !== null) {
      throw unprocessable(
        'follow_up_date_given',
        'communityFollowUpOn',
        'A follow-up date goes with communityFollowUpArranged: true',
      );
    }
    if (request.plannedDischargeOn && request.plannedDischargeOn < request.heldOn) {
      throw new UnprocessableError('plannedDischargeOn is before the meeting', 'plannedDischargeOn');
    }
    if (request.communityTeamId) {
      const team = await this.sites.findCommunityTeam(actor, request.communityTeamId).catch(() => null);
      if (!team || team.siteId !== seen.siteId)
        throw new UnprocessableError('No such community team on the episode’s site', 'communityTeamId');
    }
    const meeting = await this.dataSource.transaction(async (manager) => {
      const episode = await this.access.lockEpisode(manager, episodeId);
      if (episode.state === 'ended')
        throw refusedBy('no_discharge_meeting_after_episode_ended', 'The support episode has ended');
      const saved = await manager.save(
        manager.create(DischargeMeeting, {
          episodeId,
          siteId: episode.siteId,
          serviceUserId: episode.serviceUserId,
          heldOn: request.heldOn,
          attendees: request.attendees.map((a) => ({ role: a.role, name: a.name ?? null })),
          serviceUserInvitedPeerWorker: request.serviceUserInvitedPeerWorker,
          peerWorkerAttended: request.peerWorkerAttended,
          plannedDischargeOn: request.plannedDischargeOn ?? null,
          communityFollowUpArranged: request.communityFollowUpArranged,
          communityFollowUpOn: followUpOn,
          communityTeamId: request.communityTeamId ?? null,
          recordedById: actor.id,
        }),
      );
      await this.audit.record(
        {
          actor,
          action: 'discharge_meeting.create',
          resourceType: 'discharge_meeting',
          resourceId: saved.id,
          serviceUserId: episode.serviceUserId,
          details: { episodeId },
        },
        manager,
      );
      return saved;
    });
    return { meeting, followUpStandard: this.complianceOf(meeting, seen) };
  }

  async listForEpisode(actor: Actor, episodeId: string): Promise<DischargeMeetingRead[]> {
    const { episode } = await this.access.episodeInScope(actor, episodeId, 'discharge_meeting.list');
    const rows = await this.dataSource
      .getRepository(DischargeMeeting)
      .find({ where: { episodeId }, order: { heldOn: 'ASC', createdAt: 'ASC' } });
    await this.audit.recordList(
      actor,
      'discharge_meeting',
      rows.map((r) => r.id),
      { episodeId },
      [episode.serviceUserId],
    );
    return rows.map((meeting) => ({ meeting, followUpStandard: this.complianceOf(meeting, episode) }));
  }

  async get(actor: Actor, id: string): Promise<DischargeMeetingRead> {
    const meeting = await this.dataSource.getRepository(DischargeMeeting).findOneBy({ id });
    // Missing and out of scope answer the same plain 404: naming the meeting's episode would confirm it exists.
    if (!meeting) throw new RecordNotFoundError('Discharge meeting');
    const { episode } = await this.access
      .episodeInScope(actor, meeting.episodeId, 'discharge_meeting.read')
      .catch((error: unknown) => {
        throw error instanceof RecordNotFoundError ? new RecordNotFoundError('Discharge meeting') : error;
      });
    await this.audit.record({
      actor,
      action: 'discharge_meeting.read',
      resourceType: 'discharge_meeting',
      resourceId: id,
      serviceUserId: meeting.serviceUserId,
    });
    return { meeting, followUpStandard: this.complianceOf(meeting, episode) };
  }

  /** The discharge this meeting led to: the episode's latest discharge, if on or after the meeting. */
  private complianceOf(
    meeting: DischargeMeeting,
    episode: Pick<SupportEpisode, 'dischargedOn'>,
  ): FollowUpCompliance & { dischargedOn: string | null } {
    const dischargedOn =
      episode.dischargedOn !== null && episode.dischargedOn >= meeting.heldOn ? episode.dischargedOn : null;
    return {
      ...followUpCompliance(dischargedOn, meeting.communityFollowUpArranged, meeting.communityFollowUpOn),
      dischargedOn,
    };
  }
}
