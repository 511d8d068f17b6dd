import { Injectable } from '@nestjs/common';
import type { AbsenceTerm } from '../absence/absence.service';
import { ConflictError } from '../common/errors/domain-errors';
import { PairingService, type Suggestions } from '../pairing/pairing.service';
import { CoverRefusedError } from './cover-refused.error';
import { coverAvailabilityWindow, type CoverWindow } from './cover-rules';

/**
 * Who could look after an absent peer worker's episode: the pairing ranking, the absent worker left out, reserves
 * activatable for a long-term absence, availability judged on coverAvailabilityWindow. A covering peer worker must be
 * one the ranking suggests; a re-pairing must also pass POST …/pair's hard rules, judged on the same window.
 */
@Injectable()
export class CoverSuggestions {
  constructor(private readonly pairing: PairingService) {}

  suggestionsFor(
    episodeId: string,
    absentPeerWorkerId: string,
    term: AbsenceTerm,
    window: CoverWindow,
  ): Promise<Suggestions> {
    return this.pairing.suggest(episodeId, {
      kind: 'cover',
      excludePeerWorkerIds: [absentPeerWorkerId],
      window: coverAvailabilityWindow(window, term.shortTermMaxDays),
      reservesActivatable: term.term === 'long_term',
    });
  }

  /**
   * The covering peer worker is one the ranking would suggest: ready (or an activatable reserve), present across
   * the window, under the cap, meeting the service user's "must" preferences. Refused naming the exclusion's rule.
   */
  async assertSuggested(
    episodeId: string,
    absentPeerWorkerId: string,
    term: AbsenceTerm,
    window: CoverWindow,
    coveringPeerWorkerId: string,
    field: string,
  ): Promise<void> {
    const ranking = await this.suggestionsFor(episodeId, absentPeerWorkerId, term, window);
    if (ranking.suggestions.some((s) => s.peerWorkerId === coveringPeerWorkerId)) return;
    const exclusion = ranking.excluded.find((e) => e.peerWorkerId === coveringPeerWorkerId);
    const rule = exclusion?.rule ?? 'peer_worker_on_site';
    if (rule === 'at_caseload_cap') throw new ConflictError(exclusion!.explain, 'caseload_cap');
    throw new CoverRefusedError(exclusion?.explain ?? 'The peer worker cannot take this episode on', rule, field);
  }

  /** A re-pairing is for good: POST …/pair's hard rules ("must" preferences, absence), on the suggestions' window. */
  async assertRepairable(
    episodeId: string,
    peerWorkerId: string,
    term: AbsenceTerm,
    window: CoverWindow,
    field: string,
  ): Promise<void> {
    const [breach] = await this.pairing.hardRuleBreachesFor(
      episodeId,
      peerWorkerId,
      coverAvailabilityWindow(window, term.shortTermMaxDays),
    );
    if (breach) throw new CoverRefusedError(breach.explain, breach.rule, field);
  }
}
