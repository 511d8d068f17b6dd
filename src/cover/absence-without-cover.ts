import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { londonDate } from '../absence/absence-term';
import type { Absence } from '../absence/entities/absence.entity';
import { AttentionService } from '../attention/attention.service';
import type { Actor } from '../common/auth/actor';
import { RecordNotFoundError } from '../common/errors/domain-errors';
import { SupportEpisodesService } from '../episodes/support-episodes.service';
import { coverWindow, OPEN_END } from './cover-rules';

const KIND = 'absence_without_cover';

/**
 * Nobody is stranded (handbook 15): an absence that starts with episodes still lacking a confirmed arrangement
 * puts each of them on the coordinator's attention queue, in the absence's own transaction. Until cover is
 * confirmed the coordinator is responsible for them (their contact reminders route there) and the daily digest
 * re-notifies every morning; confirming cover (or the absence ending) resolves the items.
 */
@Injectable()
export class AbsenceWithoutCover {
  constructor(
    private readonly attention: AttentionService,
    private readonly episodes: SupportEpisodesService,
  ) {}

  /** The absence has started: each of `episodeIds` (still needing an arrangement) goes on the queue. */
  async flag(manager: EntityManager, actor: Actor, absence: Absence, episodeIds: readonly string[]): Promise<void> {
    const window = coverWindow(absence, londonDate(new Date()));
    for (const episodeId of episodeIds) {
      const serviceUserId = await this.serviceUserOf(manager, episodeId);
      if (!serviceUserId) continue;
      await this.attention.open(manager, actor, {
        siteId: absence.siteId,
        episodeId,
        serviceUserId,
        kind: KIND,
        summary: `The peer worker is absent from ${absence.startsOn} with no cover confirmed: arrange cover, pause or re-pair`,
        details: {
          absenceId: absence.id,
          peerWorkerId: absence.peerWorkerId,
          startsOn: absence.startsOn,
          expectedEndOn: absence.expectedEndOn,
          coverWindowTo: window.to === OPEN_END ? null : window.to,
        },
      });
    }
  }

  /** The absence ended or was cancelled: nobody is away any more. */
  async resolveForAbsence(manager: EntityManager, actor: Actor, absence: Absence): Promise<void> {
    await this.attention.resolveCause(
      manager,
      actor,
      KIND,
      { key: 'absenceId', value: absence.id },
      absence.state === 'cancelled' ? 'Absence cancelled' : `Absence ended (last day ${absence.endedOn})`,
    );
  }

  /** Cover was confirmed for the episode. */
  async resolveForEpisode(manager: EntityManager, actor: Actor, episodeId: string, resolution: string): Promise<void> {
    await this.attention.resolveFor(manager, actor, episodeId, [KIND], resolution);
  }

  /** The episode's service user, or null when the episode is not there (nothing to put on the queue). */
  private async serviceUserOf(manager: EntityManager, episodeId: string): Promise<string | null> {
    try {
      return (await this.episodes.findForArea(episodeId, manager)).serviceUserId;
    } catch (error) {
      if (error instanceof RecordNotFoundError) return null;
      throw error;
    }
  }
}
