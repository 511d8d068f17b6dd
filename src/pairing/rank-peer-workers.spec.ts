import { meets, NICE_TO_HAVE_POINTS, PeerWorkerCandidate, rankPeerWorkers, RankingContext } from './rank-peer-workers';

const SITE = 'site-1';
const WARD = 'ward-1';

function worker(id: string, extra: Partial<PeerWorkerCandidate> = {}): PeerWorkerCandidate {
  return {
    peerWorkerId: id,
    displayName: `Peer ${id}`,
    siteId: SITE,
    ready: true,
    unmet: [],
    available: true,
    activeCaseload: 0,
    gender: 'woman',
    dateOfBirth: '1980-05-01',
    ethnicity: 'Black British',
    languages: ['English'],
    livedExperience: ['hearing voices'],
    interests: ['football'],
    wardId: null,
    ...extra,
  };
}

const CONTEXT: RankingContext = {
  siteId: SITE,
  caseloadCap: 6,
  serviceUserWardId: WARD,
  preferences: [],
  asOf: '2026-11-20',
};
const ids = (r: { peerWorkerId: string }[]) => r.map((x) => x.peerWorkerId);

describe('Ranking peer workers for a pairing', () => {
  it('leaves out peer workers who are not ready, absent, at the cap, on another site or excluded by the request, saying why', () => {
    const ranking = rankPeerWorkers(
      [
        worker('ok'),
        worker('unready', { ready: false, unmet: ['dbs_cleared'] }),
        worker('away', { available: false, unavailableBecause: 'On leave until 2026-12-01' }),
        worker('full', { activeCaseload: 6 }),
        worker('elsewhere', { siteId: 'site-2' }),
        worker('current'),
      ],
      { ...CONTEXT, excludePeerWorkerIds: ['current'] },
    );
    expect(ids(ranking.suggestions)).toEqual(['ok']);
    expect(ranking.excluded.map((e) => [e.peerWorkerId, e.rule])).toEqual([
      ['unready', 'not_ready'],
      ['away', 'absent'],
      ['full', 'at_caseload_cap'],
      ['elsewhere', 'other_site'],
      ['current', 'excluded_by_request'],
    ]);
    expect(ranking.excluded[0].explain).toContain('dbs_cleared');
    expect(ranking.excluded[1].explain).toBe('On leave until 2026-12-01');
    expect(ranking.excluded[2].explain).toBe('At the caseload cap (6 of 6)');
  });

  it('filters on every "must" preference, including facts the peer worker has not shared', () => {
    const ranking = rankPeerWorkers(
      [worker('woman'), worker('man', { gender: 'man' }), worker('unsaid', { gender: null })],
      {
        ...CONTEXT,
        preferences: [{ kind: 'peer_gender', value: 'female', weight: 'must' }],
      },
    );
    expect(ids(ranking.suggestions)).toEqual(['woman']);
    expect(ranking.excluded.map((e) => [e.peerWorkerId, e.rule])).toEqual([
      ['man', 'must_preference_unmet'],
      ['unsaid', 'must_preference_unmet'],
    ]);
    expect(ranking.excluded[1].explain).toContain('not shared');
    expect(ranking.suggestions[0].reasons[0]).toEqual({
      rule: 'must_preference_met',
      points: 0,
      explain: 'Meets the "must": peer gender "female"',
    });
  });

  it('scores each "nice to have" met, and explains the score point by point', () => {
    const ranking = rankPeerWorkers(
      [worker('one'), worker('two', { languages: ['English', 'Yoruba'], livedExperience: ['parent'] })],
      {
        ...CONTEXT,
        preferences: [
          { kind: 'language', value: 'Yoruba', weight: 'nice_to_have' },
          { kind: 'shared_experience', value: 'parent', weight: 'nice_to_have' },
        ],
      },
    );
    expect(ids(ranking.suggestions)).toEqual(['two', 'one']);
    const [two, one] = ranking.suggestions;
    expect(two.score).toBe(2 * NICE_TO_HAVE_POINTS);
    expect(two.reasons.filter((r) => r.points > 0).map((r) => r.explain)).toEqual([
      'Meets the "nice to have": language "Yoruba"',
      'Meets the "nice to have": shared experience "parent"',
    ]);
    expect(one.score).toBe(0);
    expect(two.score).toBe(two.reasons.reduce((s, r) => s + r.points, 0));
  });

  it('takes points away for a "nice to have" does-not-want the peer worker matches, and filters on a "must" one', () => {
    const pref = (weight: 'must' | 'nice_to_have') => ({
      ...CONTEXT,
      preferences: [{ kind: 'does_not_want' as const, value: 'male', weight }],
    });
    const soft = rankPeerWorkers([worker('man', { gender: 'Man' }), worker('woman')], pref('nice_to_have'));
    expect(soft.suggestions.map((s) => [s.peerWorkerId, s.score])).toEqual([
      ['woman', 0],
      ['man', -NICE_TO_HAVE_POINTS],
    ]);
    const hard = rankPeerWorkers([worker('man', { gender: 'Man' }), worker('woman')], pref('must'));
    expect(ids(hard.suggestions)).toEqual(['woman']);
  });

  it('breaks ties by remaining capacity, then by being based on the service user’s ward', () => {
    const ranking = rankPeerWorkers(
      [
        worker('a', { activeCaseload: 3 }),
        worker('b', { activeCaseload: 1 }),
        worker('c', { activeCaseload: 1, wardId: WARD }),
      ],
      CONTEXT,
    );
    expect(ids(ranking.suggestions)).toEqual(['c', 'b', 'a']);
    expect(ranking.suggestions.map((s) => s.remainingCapacity)).toEqual([5, 5, 3]);
    expect(ranking.suggestions[0].reasons.map((r) => r.rule)).toEqual(['remaining_capacity', 'proximity']);
  });

  it('skips proximity when the service user is on no ward', () => {
    const ranking = rankPeerWorkers([worker('a', { wardId: WARD })], { ...CONTEXT, serviceUserWardId: null });
    expect(ranking.suggestions[0]).toMatchObject({ sameWard: false });
    expect(ranking.suggestions[0].reasons.map((r) => r.rule)).toEqual(['remaining_capacity']);
  });

  it('puts preferences before capacity: a better match with fewer places still ranks first', () => {
    const ranking = rankPeerWorkers(
      [
        worker('roomy', { activeCaseload: 0, interests: [], livedExperience: ['x'] }),
        worker('match', { activeCaseload: 5 }),
      ],
      {
        ...CONTEXT,
        preferences: [{ kind: 'shared_experience', value: 'football', weight: 'nice_to_have' }],
      },
    );
    expect(ids(ranking.suggestions)).toEqual(['match', 'roomy']);
  });

  describe('matching one preference', () => {
    it.each([
      ['peer_gender', 'female', { gender: 'Woman' }, true],
      ['peer_gender', 'non_binary', { gender: 'non-binary' }, true],
      ['peer_gender', 'female', { gender: 'man' }, false],
      ['peer_age_range', '40-50', { dateOfBirth: '1980-05-01' }, true],
      ['peer_age_range', '40-45', { dateOfBirth: '1980-11-21' }, true],
      ['peer_age_range', '47-50', { dateOfBirth: '1980-11-21' }, false],
      ['peer_age_range', '25-40', { dateOfBirth: null }, null],
      ['language', 'yoruba', { languages: ['English', 'Yoruba'] }, true],
      ['language', 'Polish', { languages: [] }, null],
      ['ethnicity_or_culture', 'black', { ethnicity: 'Black British' }, true],
      ['shared_experience', 'LGBTQ+', { livedExperience: ['lgbtq+'] }, true],
      ['shared_experience', 'parent', { livedExperience: ['hearing voices'] }, false],
      ['does_not_want', 'male', { gender: 'man' }, false],
      ['does_not_want', 'male', { gender: null }, true],
    ] as const)('%s "%s" against %j is %s', (kind, value, extra, expected) => {
      expect(
        meets(worker('x', extra as Partial<PeerWorkerCandidate>), { kind, value, weight: 'must' }, '2026-11-20'),
      ).toBe(expected);
    });
  });
});
