import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import type { ConsentWithdrawn } from '../common/events/domain-event-map';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator';
import type { SupportEpisodeState } from './support-episode.state-machine';
import { SupportEpisodesService } from './support-episodes.service';

/**
 * Open states in which withdrawn consent to peer support ends the episode. Usual care is not peer support: its
 * follow-up (readmissions, the trial's outcome) rests on research consent, so it stays open.
 */
export const ENDED_BY_PEER_SUPPORT_WITHDRAWAL = [
  'referred',
  'awaiting_pairing',
  'paired',
  'ward_support',
  'community_support',
  'step_down',
  'readmitted',
] as const satisfies readonly SupportEpisodeState[];

/**
 * Consent is live (issue 13): once no consent to peer support is in force, the open episode ends with
 * `consent_withdrawn`, in the withdrawal's own transaction, through the transition table (who, when, why). The
 * ending's handlers close the pairings, cancel the outstanding contacts and the planned meetings (so their
 * reminders go), and publish `episode.ended`. Research consent changes no episode: the research extract reads
 * consent when it runs. Care records are kept either way.
 */
@Injectable()
export class WithdrawnConsent {
  constructor(private readonly episodes: SupportEpisodesService) {}

  @OnDomainEvent('consent.withdrawn', { order: 10 })
  async endPeerSupport(
    manager: EntityManager,
    actor: Actor,
    { consent, stillInForce }: ConsentWithdrawn,
  ): Promise<void> {
    if (consent.kind !== 'peer_support' || stillInForce) return;
    const episode = await this.episodes.lockOpenEpisodeOf(manager, consent.serviceUserId);
    if (!episode || !(ENDED_BY_PEER_SUPPORT_WITHDRAWAL as readonly SupportEpisodeState[]).includes(episode.state))
      return;
    await this.episodes.transition(
      actor,
      episode.id,
      'ended',
      { endingReason: 'consent_withdrawn', reason: `Consent to peer support withdrawn on ${consent.withdrawnOn}` },
      manager,
    );
  }
}
