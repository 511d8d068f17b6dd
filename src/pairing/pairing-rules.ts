import { DateTime } from 'luxon';
import { ConflictError, UnprocessableError } from '../common/errors/domain-errors';
import type { SupportEpisodeState } from '../episodes/support-episode.state-machine';
import { PeerWorkerStatus } from '../workforce/peer-workers/peer-worker-status';
import type { PairingKind } from './entities/pairing.entity';
import type { HardRuleBreach } from './rank-peer-workers';

/** Pairing's pure rules (handbook 12.2): what PairingService, PairingSuggestionsService and CaseloadService decide with. */

const LONDON = 'Europe/London';
export const todayInLondon = (): DateTime => DateTime.now().setZone(LONDON).startOf('day');

/** A pairing the rules refuse: 422 naming the rule (and the field, peerWorkerId). */
export class PairingRefusedError extends UnprocessableError {
  constructor(message: string, rule: string, extra: Record<string, unknown> = {}) {
    super(message, 'peerWorkerId');
    Object.assign(this.extensions, { rule, ...extra });
  }
}

/**
 * Peer workers listed for a pairing: the appointed and active (who may be ready), and reserves and
 * trainees (listed as not ready, so the coordinator sees who is coming). Applicants, the inactive and
 * leavers are not listed.
 */
export const CONSIDERED_STATUSES: readonly PeerWorkerStatus[] = [
  PeerWorkerStatus.Appointed,
  PeerWorkerStatus.Active,
  PeerWorkerStatus.Reserve,
  PeerWorkerStatus.InTraining,
];

/** What a coordinator's override of the hard rules records: the rules broken and why. */
export interface PairingOverride {
  rules: string[];
  reason: string;
}

/**
 * POST …/pair's answer to the hard rules: no breach, no override; breaches without an overrideReason are
 * refused naming the first rule (and listing all); with one, the override names each rule broken once.
 */
export function overrideOfBreaches(
  breaches: readonly HardRuleBreach[],
  overrideReason?: string,
): PairingOverride | undefined {
  if (breaches.length === 0) return undefined;
  if (!overrideReason) {
    throw new PairingRefusedError(
      `The pairing breaks a rule suggestions filter on: ${breaches.map((b) => b.explain).join('; ')}. A coordinator may pair anyway with an overrideReason.`,
      breaches[0].rule,
      { breaches },
    );
  }
  return { rules: [...new Set(breaches.map((b) => b.rule))], reason: overrideReason };
}

/** A peer worker pairs only with episodes of the site they work on. */
export function assertWorkerOnEpisodeSite(worker: { siteId: string }, episode: { siteId: string }): void {
  if (worker.siteId !== episode.siteId) {
    throw new PairingRefusedError(
      'The peer worker works on another site than the support episode',
      'peer_worker_on_episode_site',
    );
  }
}

/** Nobody works with service users before they are ready (handbook 6–9): refused naming each unmet condition. */
export function assertWorkerReady(readiness: { ready: boolean; unmet: readonly string[] }): void {
  if (!readiness.ready) {
    throw new PairingRefusedError(
      `The peer worker is not ready to be paired: ${readiness.unmet.join(', ')}`,
      'peer_worker_ready',
      { unmet: readiness.unmet },
    );
  }
}

/** A new pairing (primary or cover) is refused once the peer worker holds the site's caseload cap. */
export function assertUnderCaseloadCap(held: number, caseloadCap: number): void {
  if (held >= caseloadCap) {
    throw new ConflictError(`The peer worker is at the caseload cap (${held} of ${caseloadCap})`, 'caseload_cap');
  }
}

/**
 * Who already holds the episode and so is never suggested: for a primary pairing the current primary
 * (a colleague covering may become the primary); for cover, everyone holding it now.
 */
export function holdersLeftOut(
  openPairings: readonly { peerWorkerId: string; kind: PairingKind }[],
  kind: PairingKind,
): string[] {
  return openPairings.filter((p) => kind === 'cover' || p.kind === 'primary').map((p) => p.peerWorkerId);
}

/** When a pairing ending at `at` closes: a cover confirmed ahead and ended before it began closes at its own start. */
export function pairingEndsAt(pairing: { startedAt: Date }, at: Date): Date {
  return at < pairing.startedAt ? pairing.startedAt : at;
}

/** Whole days since discharge while the service user is in the community; null before discharge or while readmitted. */
export function daysSinceDischarge(
  state: SupportEpisodeState,
  dischargedOn: string | null,
  on: DateTime = todayInLondon(),
): number | null {
  if (!dischargedOn || !['community_support', 'step_down'].includes(state)) return null;
  // Whole calendar days between two London dates, as UTC midnights: no time-zone rules rebuilt per row.
  return Math.round((Date.parse(on.toISODate()!) - Date.parse(dischargedOn)) / 86_400_000);
}
