import { TestApp } from '../support/test-app';
import { communityEpisode, CoverTeam, coverTeam, londonDate } from './cover-fixtures';

/**
 * An episode that ends while its absence cover runs (consent withdrawn, here) takes its cover with it: the
 * arrangement is ended, recorded and announced, so nothing (a handover reminder, the covering peer worker's
 * access) outlives the support it was for.
 */
describe('Cover ends with the episode', () => {
  let t: TestApp;
  let team: CoverTeam;

  beforeAll(async () => {
    t = await TestApp.start();
    team = await coverTeam(t, 'Cover Ends Trust');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('ends the active arrangement when consent to peer support is withdrawn during cover', async () => {
    const { site, regular, colleague } = team;
    const episodeId = await communityEpisode(t, team);
    const absence = await t.expect(201, 'POST', '/api/v1/absences', {
      token: site.coordinator.token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: regular.peerWorkerId,
        kind: 'sickness',
        planned: false,
        startsOn: londonDate(0),
        expectedEndOn: londonDate(10),
      },
    });
    const plan = await t.expect(200, 'POST', `/api/v1/absences/${absence.id}/cover-plan`, {
      token: site.coordinator.token,
      body: { arrangements: [{ episodeId, arrangement: 'cover', peerWorkerId: colleague.peerWorkerId }] },
    });
    expect(plan.confirmed).toBe(true);
    const arrangementsOf = () =>
      t.dataSource.query(`SELECT state, end_reason FROM cover_arrangements WHERE episode_id = $1`, [episodeId]);
    expect(await arrangementsOf()).toEqual([{ state: 'active', end_reason: null }]);

    const { serviceUserId } = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, {
      token: site.coordinator.token,
    });
    const consents = await t.expect(200, 'GET', `/api/v1/service-users/${serviceUserId}/consents`, {
      token: site.coordinator.token,
    });
    const peerSupport = consents.find((c: { kind: string }) => c.kind === 'peer_support');
    await t.expect(200, 'POST', `/api/v1/service-users/${serviceUserId}/consents/${peerSupport.id}/withdrawal`, {
      token: site.coordinator.token,
      body: { withdrawnOn: londonDate(0) },
    });

    const episode = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, {
      token: site.coordinator.token,
    });
    expect(episode.state).toBe('ended');
    expect(await arrangementsOf()).toEqual([{ state: 'ended', end_reason: 'Episode ended' }]);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'cover.ended' AND payload->>'episodeId' = $1`,
      [episodeId],
    );
    expect(n).toBe(1);
    // The absence itself goes on; ending it later finds no cover left to end.
    await t.expect(200, 'POST', `/api/v1/absences/${absence.id}/transitions`, {
      token: site.coordinator.token,
      body: { to: 'ended', reason: 'Back at work', endedOn: londonDate(0) },
    });
    expect(await arrangementsOf()).toEqual([{ state: 'ended', end_reason: 'Episode ended' }]);
  });
});
