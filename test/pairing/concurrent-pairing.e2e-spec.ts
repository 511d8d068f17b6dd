import { Role } from '../../src/common/auth/role';
import { episodeAwaitingPairing } from '../support/builders';
import { TestApp, TestUser } from '../support/test-app';
import { pair, Workforce } from '../support/builders';

/**
 * Two coordinators pairing the last free place at once can never exceed the cap. Real HTTP requests
 * over a socket, all in flight together; the count is taken from the database afterwards.
 */
describe('Concurrent pairing never exceeds a caseload cap', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await TestApp.start();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await t?.close();
  });

  const awaitingPairing = async (token: string, siteId: string): Promise<string> =>
    (await episodeAwaitingPairing(t, token, siteId)).episodeId;

  const postPair = (token: string, episodeId: string, peerWorkerId: string) =>
    fetch(`${baseUrl}/api/v1/support-episodes/${episodeId}/pair`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ peerWorkerId }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { rule?: string } }));

  async function race(cap: number, alreadyHeld: number, requests: number) {
    const siteId = await t.createSite(`Cap ${cap} Trust`, { caseloadCap: cap });
    // Two coordinators of the site, as in the handbook's worry: both pairing the last free place.
    const coordinators: TestUser[] = [
      await t.createUser([Role.Coordinator], [siteId]),
      await t.createUser([Role.Coordinator], [siteId]),
    ];
    const peer = await (await Workforce.of(t, coordinators[0].token, siteId)).ready({ displayName: `Capped ${cap}` });
    for (let i = 0; i < alreadyHeld; i++)
      await pair(t, coordinators[0].token, await awaitingPairing(coordinators[0].token, siteId), peer.id);
    const episodes: string[] = [];
    for (let i = 0; i < requests; i++) episodes.push(await awaitingPairing(coordinators[0].token, siteId));

    const responses = await Promise.all(episodes.map((id, i) => postPair(coordinators[i % 2].token, id, peer.id)));

    const free = cap - alreadyHeld;
    expect(responses.filter((r) => r.status === 200)).toHaveLength(free);
    const refused = responses.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(requests - free);
    for (const r of refused)
      expect(r).toEqual({ status: 409, body: expect.objectContaining({ rule: 'caseload_cap' }) });
    const [{ held }] = await t.dataSource.query(
      `SELECT count(*)::int AS held FROM pairings p JOIN support_episodes e ON e.id = p.episode_id WHERE p.peer_worker_id = $1 AND p.ended_at IS NULL AND e.state <> 'ended'`,
      [peer.id],
    );
    expect(held).toBe(cap);
    const [{ paired }] = await t.dataSource.query(
      `SELECT count(*)::int AS paired FROM support_episodes WHERE peer_worker_id = $1 AND state = 'paired'`,
      [peer.id],
    );
    expect(paired).toBe(cap);
    const [{ stillWaiting }] = await t.dataSource.query(
      `SELECT count(*)::int AS "stillWaiting" FROM support_episodes WHERE id = ANY($1::uuid[]) AND state = 'awaiting_pairing'`,
      [episodes],
    );
    expect(stillWaiting).toBe(requests - free);
  }

  it('gives one free place to exactly one of 20 simultaneous pairings', async () => {
    await race(1, 0, 20);
  });

  it('gives three free places (cap 5, two held) to exactly three of 24 simultaneous pairings', async () => {
    await race(5, 2, 24);
  });
});
