import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { londonDate } from '../absence/absence-term';
import { AbsenceService, type AbsenceTerm } from '../absence/absence.service';
import type { Absence } from '../absence/entities/absence.entity';
import { MeetingsService } from '../delivery/meetings/meetings.service';
import { StepDownPlanService } from '../delivery/step-down/step-down-plan.service';
import { SupportEpisodesService } from '../episodes/support-episodes.service';
import { PairingService, type Suggestions } from '../pairing/pairing.service';
import { ServiceUsersService } from '../service-users/service-users.service';
import { CoverSuggestions } from './cover-suggestions';
import { coverWindow, windowInstants, type CoverWindow } from './cover-rules';
import { CoverRepository } from './cover.repository';
import type { HandoverStatus } from './dto/cover.dto';
import type { CoverArrangement } from './entities/cover-arrangement.entity';

export interface AffectedEpisode {
  episodeId: string;
  serviceUserId: string;
  serviceUserDisplayName: string;
  state: string;
  plannedContactsInWindow: number;
  plannedMeetingsInWindow: number;
  arrangement: CoverArrangement | null;
  suggestions: Suggestions | null;
}

export interface CoverPlan {
  absence: Absence;
  term: AbsenceTerm;
  window: CoverWindow;
  episodes: AffectedEpisode[];
  notes: Map<string, { handover: HandoverStatus; handBack: HandoverStatus }>;
}

/**
 * The cover plan as the coordinator reads it: every episode the absent peer worker supports, what is planned in
 * the absence, its arrangement, or (still unarranged) who could cover it. Other areas' facts come through their
 * services: the caseload from pairing, episodes and service users, contacts from the step-down plan, meetings
 * from delivery.
 */
@Injectable()
export class CoverPlanReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cover: CoverRepository,
    private readonly absences: AbsenceService,
    private readonly pairing: PairingService,
    private readonly episodes: SupportEpisodesService,
    private readonly serviceUsers: ServiceUsersService,
    private readonly plans: StepDownPlanService,
    private readonly meetings: MeetingsService,
    private readonly suggestions: CoverSuggestions,
  ) {}

  /**
   * Every open episode the absent peer worker supports (as its primary, or covering a colleague) without an
   * active arrangement for this absence, oldest pairing first.
   */
  async episodesNeedingArrangement(manager: EntityManager, absence: Absence): Promise<string[]> {
    const supported = await this.pairing.openEpisodeIdsOf(absence.peerWorkerId!, manager);
    if (supported.length === 0) return [];
    const arranged = new Set(
      (await this.cover.arrangementsOfAbsence(absence.id, true, manager)).map((a) => a.episodeId),
    );
    return supported.filter((episodeId) => !arranged.has(episodeId));
  }

  async buildPlan(absence: Absence): Promise<CoverPlan> {
    const today = londonDate(new Date());
    const term = await this.absences.termOf(absence, today);
    const window = coverWindow(absence, today);
    const manager = this.dataSource.manager;
    const open = absence.state === 'planned' || absence.state === 'active';
    const needing = open ? await this.episodesNeedingArrangement(manager, absence) : [];
    const arrangements = await this.cover.arrangementsOfAbsence(absence.id, false, manager);
    const episodeIds = [...new Set([...arrangements.map((a) => a.episodeId), ...needing])];
    const episodes: AffectedEpisode[] = [];
    for (const episodeId of episodeIds) {
      const episode = await this.episodes.findForArea(episodeId, manager);
      const serviceUser = await this.serviceUsers.findForArea(episode.serviceUserId, manager);
      const arrangement = [...arrangements].reverse().find((a) => a.episodeId === episodeId) ?? null;
      const needs = needing.includes(episodeId);
      episodes.push({
        episodeId,
        serviceUserId: episode.serviceUserId,
        serviceUserDisplayName: `${serviceUser.givenName} ${serviceUser.familyName}`,
        state: episode.state,
        plannedContactsInWindow: await this.plans.countPlannedOwnedBy(
          episodeId,
          absence.peerWorkerId!,
          window.to,
          manager,
        ),
        plannedMeetingsInWindow: await this.meetings.countCovered(manager, {
          episodeId,
          peerWorkerId: absence.peerWorkerId!,
          ...windowInstants(window),
        }),
        arrangement: needs ? null : arrangement,
        suggestions: needs
          ? await this.suggestions.suggestionsFor(episodeId, absence.peerWorkerId!, term, window)
          : null,
      });
    }
    const notes = await this.noteStatuses(arrangements);
    return { absence, term, window, episodes, notes };
  }

  private async noteStatuses(
    arrangements: CoverArrangement[],
  ): Promise<Map<string, { handover: HandoverStatus; handBack: HandoverStatus }>> {
    const notes = await this.cover.notesOfArrangements(arrangements.map((a) => a.id));
    const statusOf = (arrangementId: string, direction: 'handover' | 'hand_back'): HandoverStatus => {
      const note = notes.find((n) => n.arrangementId === arrangementId && n.direction === direction);
      if (!note) return 'not_written';
      return note.acknowledgedAt ? 'acknowledged' : 'unacknowledged';
    };
    return new Map(
      arrangements.map((a) => [
        a.id,
        {
          handover: a.arrangement === 'pause' ? 'not_needed' : statusOf(a.id, 'handover'),
          handBack: a.arrangement === 'cover' ? statusOf(a.id, 'hand_back') : 'not_needed',
        },
      ]),
    );
  }
}
