import { TestApp } from '../support/test-app';
import { communityEpisode, type CoverTeam, coverTeam, londonDate, readyPeerWorker } from './cover-fixtures';

jest.setTimeout(60_000);

/**
 * Issue 13 case 5 (cover leftovers): a re-pairing for an absence passes POST …/pair's hard rules, and those rules
 * judge availability on the same days as the cover plan's suggestions, so a suggested peer worker is never refused.
 */
describe('Absence cover: a re-pairing’s hard rules agree with the suggestions', () => {
  let t: TestApp;
  let team: CoverTeam;

  beforeAll(async () => {
    t = await TestApp.start();
    team = await coverTeam(t, 'Repair Rules Trust');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const token = () => team.site.coordinator.token;
  const absent = (peerWorkerId: string, kind: 'sickness' | 'annual_leave', from: number, to: number) =>
    t.expect(201, 'POST', '/api/v1/absences', {
      token: token(),
      body: {
        subject: 'peer_worker',
        peerWorkerId,
        kind,
        planned: kind === 'annual_leave',
        startsOn: londonDate(from),
        expectedEndOn: londonDate(to),
      },
    });
  const primaryOf = async (episodeId: string) =>
    (await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: token() })).peerWorkerId;

  it('re-pairs with a suggested colleague who is away before the absence begins, not during it', async () => {
    const episodeId = await communityEpisode(t, team);
    // The colleague's two days of leave start tomorrow: inside a new pairing's usual expected start (7 days from
    // today), outside the absence the re-pairing is for.
    await absent(team.colleague.peerWorkerId, 'annual_leave', 1, 2);
    const absence = await absent(team.regular.peerWorkerId, 'annual_leave', 20, 70);
    const url = `/api/v1/absences/${absence.id}/cover-plan`;
    const plan = await t.expect(200, 'GET', url, { token: token() });
    expect(plan).toMatchObject({ term: 'long_term', allowedArrangements: ['cover', 'repair'] });
    const { suggestions } = plan.episodes[0];
    expect(suggestions.availabilityWindow).toEqual({ from: londonDate(20), to: londonDate(70) });
    expect(suggestions.suggestions.map((s: { peerWorkerId: string }) => s.peerWorkerId)).toContain(
      team.colleague.peerWorkerId,
    );

    // Suggested, so accepted: the hard rules judge the colleague on the same days (they refused with
    // peer_worker_absent when they looked at the week from today instead).
    const confirmed = await t.call('POST', url, {
      token: token(),
      body: { arrangements: [{ episodeId, arrangement: 'repair', peerWorkerId: team.colleague.peerWorkerId }] },
    });
    expect({ status: confirmed.statusCode, rule: confirmed.json().rule }).toEqual({ status: 200, rule: undefined });
    expect(confirmed.json().episodes[0].arrangement).toMatchObject({
      arrangement: 'repair',
      coveringPeerWorkerId: team.colleague.peerWorkerId,
    });
    expect(await primaryOf(episodeId)).toBe(team.colleague.peerWorkerId);
  });

  describe('refusals, named in problem+json, writing nothing', () => {
    let episodeId: string;
    let absenceUrl: string;
    let regularId: string;

    beforeAll(async () => {
      const regular = await readyPeerWorker(t, team.site, 'Ade Bello');
      regularId = regular.peerWorkerId;
      episodeId = await communityEpisode(t, team, regular);
      const { serviceUserId } = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, {
        token: token(),
      });
      await t.expect(200, 'PUT', `/api/v1/service-users/${serviceUserId}/matching-preferences`, {
        token: token(),
        body: { preferences: [{ kind: 'peer_gender', value: 'female', weight: 'must' }] },
      });
      absenceUrl = `/api/v1/absences/${(await absent(regularId, 'sickness', 0, 41)).id}/cover-plan`;
    }, 120_000);

    async function refusedRepair(peerWorkerId: string, rule: string) {
      const response = await t.call('POST', absenceUrl, {
        token: token(),
        body: { arrangements: [{ episodeId, arrangement: 'repair', peerWorkerId }] },
      });
      expect(response.statusCode).toBe(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ rule, errors: [{ field: 'arrangements[0].peerWorkerId' }] });
      const [arranged] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM cover_arrangements WHERE episode_id = $1`,
        [episodeId],
      );
      expect(arranged.n).toBe(0);
      expect(await primaryOf(episodeId)).toBe(regularId);
    }

    it('refuses a peer worker who does not meet the service user’s "must" preference', async () => {
      const man = await readyPeerWorker(t, team.site, 'Tom Price');
      await t.expect(200, 'PATCH', `/api/v1/peer-workers/${man.peerWorkerId}`, {
        token: token(),
        body: { gender: 'man' },
      });
      const plan = await t.expect(200, 'GET', absenceUrl, { token: token() });
      expect(plan.episodes[0].suggestions.excluded).toContainEqual(
        expect.objectContaining({ peerWorkerId: man.peerWorkerId, rule: 'must_preference_unmet' }),
      );
      await refusedRepair(man.peerWorkerId, 'must_preference_unmet');
    });

    it('refuses a peer worker who is absent during the absence', async () => {
      const woman = await readyPeerWorker(t, team.site, 'Ann Shaw');
      await t.expect(200, 'PATCH', `/api/v1/peer-workers/${woman.peerWorkerId}`, {
        token: token(),
        body: { gender: 'woman' },
      });
      await absent(woman.peerWorkerId, 'annual_leave', 10, 12);
      await refusedRepair(woman.peerWorkerId, 'absent');
    });
  });
});
