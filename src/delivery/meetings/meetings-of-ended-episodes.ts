import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import type { EpisodeMoved } from '../../common/events/domain-event-map';
import { OnDomainEvent } from '../../common/events/on-domain-event.decorator';
import type { MeetingParty } from '../../common/vocabulary/meeting-vocabulary';
import type { EndingReason } from '../../episodes/support-episode.state-machine';
import { MeetingsService } from './meetings.service';

/** Endings that are the service user's decision; the others (planned, transferred, other) are the service's side. */
const SERVICE_USERS_ENDINGS: readonly EndingReason[] = [
  'declined',
  'disengaged',
  'withdrew_consent',
  'consent_withdrawn',
];

/** Who a meeting cancelled by the episode's ending is cancelled by (the meeting vocabulary's two parties). */
export const cancelledByEnding = (reason: EndingReason | null): MeetingParty =>
  reason !== null && SERVICE_USERS_ENDINGS.includes(reason) ? 'service_user' : 'peer_worker';

/**
 * An ended episode keeps no planned meetings: each is cancelled in the ending's transaction (after the pairings
 * closed and the outstanding contacts were cancelled), so no reminder goes out for a meeting that cannot happen.
 */
@Injectable()
export class MeetingsOfEndedEpisodes {
  constructor(private readonly meetings: MeetingsService) {}

  @OnDomainEvent('episode.moved', { order: 25 })
  async cancelPlannedMeetings(manager: EntityManager, actor: Actor, { episode, to }: EpisodeMoved): Promise<void> {
    if (to !== 'ended') return;
    await this.meetings.cancelPlannedOfEndedEpisode(
      manager,
      actor,
      episode.id,
      cancelledByEnding(episode.endingReason),
      `Support episode ended (${episode.endingReason ?? 'no reason given'})`,
    );
  }
}
