import { DateTime } from 'luxon';
import type { PreferenceKind, PreferenceWeight } from '../service-users/service-user-vocabulary';

/** Points a met "nice to have" preference adds (and a matched "nice to have" does-not-want takes away). */
export const NICE_TO_HAVE_POINTS = 10;

/** Everything ranking needs to know about one peer worker, gathered by PairingSuggestionsService. */
export interface PeerWorkerCandidate {
  peerWorkerId: string;
  displayName: string;
  siteId: string;
  ready: boolean;
  /** Unmet readiness conditions (empty when ready). */
  unmet: readonly string[];
  /** From PeerWorkerAvailability across the expected start. */
  available: boolean;
  unavailableBecause?: string | null;
  /** Episodes they currently hold (primary or cover) that count against the cap. */
  activeCaseload: number;
  gender: string | null;
  dateOfBirth: string | null;
  ethnicity: string | null;
  languages: readonly string[];
  livedExperience: readonly string[];
  interests: readonly string[];
  wardId: string | null;
}

export interface PreferenceToMatch {
  kind: PreferenceKind;
  value: string;
  weight: PreferenceWeight;
}

export interface RankingContext {
  siteId: string;
  caseloadCap: number;
  /** The service user's ward, for proximity; null when not on a ward. */
  serviceUserWardId: string | null;
  preferences: readonly PreferenceToMatch[];
  /** Calendar date (YYYY-MM-DD, Europe/London) ages are worked out on. */
  asOf: string;
  /** Never suggested (e.g. the absent worker when looking for cover, or the current primary when re-pairing). */
  excludePeerWorkerIds?: readonly string[];
}

export interface ScoreReason {
  rule: string;
  points: number;
  explain: string;
}

export interface Suggestion {
  peerWorkerId: string;
  displayName: string;
  /** Sum of the points of `reasons`: the met (and unmet) "nice to have" preferences. */
  score: number;
  remainingCapacity: number;
  /** Based on the service user's ward. */
  sameWard: boolean;
  /** Why the score is what it is, and the tie-breaks (0 points) that ordered equal scores. */
  reasons: ScoreReason[];
}

export type ExclusionRule =
  'excluded_by_request' | 'other_site' | 'not_ready' | 'absent' | 'at_caseload_cap' | 'must_preference_unmet';

export interface Exclusion {
  peerWorkerId: string;
  displayName: string;
  rule: ExclusionRule;
  explain: string;
}

export interface Ranking {
  suggestions: Suggestion[];
  excluded: Exclusion[];
}

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/** Words people use for the same gender: the service user's vocabulary is male/female/non_binary, a peer worker's is free text. */
const GENDER_SYNONYMS: Record<string, string> = {
  man: 'male',
  male: 'male',
  m: 'male',
  woman: 'female',
  female: 'female',
  f: 'female',
  'non binary': 'non binary',
  nonbinary: 'non binary',
  enby: 'non binary',
};
const gender = (s: string) => GENDER_SYNONYMS[norm(s)] ?? norm(s);

function ageOn(dateOfBirth: string, asOf: string): number {
  return Math.floor(
    DateTime.fromISO(asOf, { zone: 'Europe/London' }).diff(
      DateTime.fromISO(dateOfBirth, { zone: 'Europe/London' }),
      'years',
    ).years,
  );
}

/** Whether the peer worker has what the preference names; null when they have not shared the fact it needs. */
export function meets(candidate: PeerWorkerCandidate, preference: PreferenceToMatch, asOf: string): boolean | null {
  const value = norm(preference.value);
  const tags = [...candidate.livedExperience, ...candidate.interests].map(norm);
  switch (preference.kind) {
    case 'peer_gender':
      return candidate.gender === null ? null : gender(candidate.gender) === gender(preference.value);
    case 'peer_age_range': {
      if (candidate.dateOfBirth === null) return null;
      const [low, high] = preference.value.split('-').map(Number);
      const age = ageOn(candidate.dateOfBirth, asOf);
      return age >= low && age <= high;
    }
    case 'ethnicity_or_culture':
      return candidate.ethnicity === null
        ? null
        : norm(candidate.ethnicity) === value || norm(candidate.ethnicity).includes(value);
    case 'language':
      return candidate.languages.length === 0 ? null : candidate.languages.some((l) => norm(l) === value);
    case 'shared_experience':
      return tags.length === 0 ? null : tags.includes(value);
    case 'does_not_want': {
      // "Does not want" X is met when the peer worker is not X in any fact they shared.
      const facts = new Set([
        candidate.gender ? gender(candidate.gender) : null,
        candidate.ethnicity ? norm(candidate.ethnicity) : null,
        ...candidate.languages.map(norm),
        ...tags,
      ]);
      return !facts.has(value) && !facts.has(gender(preference.value));
    }
  }
}

const label = (p: PreferenceToMatch) => `${p.kind.replace(/_/g, ' ')} "${p.value}"`;

/**
 * Rank peer workers for a support episode (handbook 12.2). Filters: the episode's site, ready, available
 * across the expected start, under the caseload cap, every "must" preference met. Scores: each "nice to
 * have" met. Ties: more remaining capacity first, then the same ward as the service user, then name.
 * Pure: everything it needs is in its arguments.
 */
export function rankPeerWorkers(candidates: readonly PeerWorkerCandidate[], context: RankingContext): Ranking {
  const suggestions: Suggestion[] = [];
  const excluded: Exclusion[] = [];
  const exclude = (c: PeerWorkerCandidate, rule: ExclusionRule, explain: string) =>
    excluded.push({ peerWorkerId: c.peerWorkerId, displayName: c.displayName, rule, explain });

  for (const c of candidates) {
    if (context.excludePeerWorkerIds?.includes(c.peerWorkerId)) {
      exclude(
        c,
        'excluded_by_request',
        'Left out by the request (e.g. already paired with this episode, or the absent worker)',
      );
      continue;
    }
    if (c.siteId !== context.siteId) {
      exclude(c, 'other_site', 'Works on another site');
      continue;
    }
    if (!c.ready) {
      exclude(c, 'not_ready', `Not ready to be paired: ${c.unmet.join(', ')}`);
      continue;
    }
    if (!c.available) {
      exclude(c, 'absent', c.unavailableBecause ?? 'Absent across the expected start');
      continue;
    }
    const remainingCapacity = context.caseloadCap - c.activeCaseload;
    if (remainingCapacity <= 0) {
      exclude(c, 'at_caseload_cap', `At the caseload cap (${c.activeCaseload} of ${context.caseloadCap})`);
      continue;
    }
    const unmetMust = context.preferences
      .filter((p) => p.weight === 'must')
      .find((p) => meets(c, p, context.asOf) !== true);
    if (unmetMust) {
      const known = meets(c, unmetMust, context.asOf) !== null;
      exclude(
        c,
        'must_preference_unmet',
        `Does not meet the service user's "must": ${label(unmetMust)}${known ? '' : ' (not shared by the peer worker)'}`,
      );
      continue;
    }

    const reasons: ScoreReason[] = [];
    for (const p of context.preferences) {
      if (p.weight === 'must') {
        reasons.push({ rule: 'must_preference_met', points: 0, explain: `Meets the "must": ${label(p)}` });
        continue;
      }
      const met = meets(c, p, context.asOf);
      if (p.kind === 'does_not_want') {
        if (met === false)
          reasons.push({
            rule: 'nice_to_have_not_wanted',
            points: -NICE_TO_HAVE_POINTS,
            explain: `Has what the service user would rather not: ${p.value}`,
          });
        continue;
      }
      if (met)
        reasons.push({
          rule: 'nice_to_have_met',
          points: NICE_TO_HAVE_POINTS,
          explain: `Meets the "nice to have": ${label(p)}`,
        });
      else
        reasons.push({
          rule: 'nice_to_have_unmet',
          points: 0,
          explain: `Does not meet the "nice to have": ${label(p)}${met === null ? ' (not shared)' : ''}`,
        });
    }
    const sameWard = context.serviceUserWardId !== null && c.wardId === context.serviceUserWardId;
    reasons.push({
      rule: 'remaining_capacity',
      points: 0,
      explain: `Tie-break: ${remainingCapacity} of ${context.caseloadCap} caseload places free`,
    });
    if (context.serviceUserWardId !== null) {
      reasons.push({
        rule: 'proximity',
        points: 0,
        explain: sameWard
          ? 'Tie-break: based on the service user’s ward'
          : 'Tie-break: based elsewhere than the service user’s ward',
      });
    }
    suggestions.push({
      peerWorkerId: c.peerWorkerId,
      displayName: c.displayName,
      score: reasons.reduce((sum, r) => sum + r.points, 0),
      remainingCapacity,
      sameWard,
      reasons,
    });
  }

  suggestions.sort(
    (a, b) =>
      b.score - a.score ||
      b.remainingCapacity - a.remainingCapacity ||
      Number(b.sameWard) - Number(a.sameWard) ||
      a.displayName.localeCompare(b.displayName) ||
      a.peerWorkerId.localeCompare(b.peerWorkerId),
  );
  return { suggestions, excluded };
}

/** The rules a pairing may break only with a coordinator's recorded override (handbook 12.2). */
export const OVERRIDABLE_PAIRING_RULES = ['must_preference_unmet', 'peer_worker_absent'] as const;
export type OverridablePairingRule = (typeof OVERRIDABLE_PAIRING_RULES)[number];

export interface HardRuleBreach {
  rule: OverridablePairingRule;
  explain: string;
}

/**
 * What pairing this candidate would break among the rules suggestions filter on and a coordinator may
 * override: every "must" preference met, and free across the expected start. Every breach is listed
 * (not only the first), so an override names all it overrides.
 */
export function hardRuleBreaches(
  c: PeerWorkerCandidate,
  preferences: readonly PreferenceToMatch[],
  asOf: string,
): HardRuleBreach[] {
  const breaches: HardRuleBreach[] = [];
  for (const p of preferences.filter((x) => x.weight === 'must')) {
    const met = meets(c, p, asOf);
    if (met !== true)
      breaches.push({
        rule: 'must_preference_unmet',
        explain: `Does not meet the service user's "must": ${label(p)}${met === null ? ' (not shared by the peer worker)' : ''}`,
      });
  }
  if (!c.available)
    breaches.push({ rule: 'peer_worker_absent', explain: c.unavailableBecause ?? 'Absent across the expected start' });
  return breaches;
}
