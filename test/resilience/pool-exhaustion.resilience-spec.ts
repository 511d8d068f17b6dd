import {
  DeliverySite,
  deliverySite,
  heldDetails,
  hoursFromNow,
  londonDate,
  pairedEpisode,
  PeerWorkerAccount,
  peerWorkerAccount,
  wardMeeting,
} from '../support/builders';
import { TestApp } from '../support/test-app';

jest.setTimeout(180_000);

/**
 * A busy ward and a retrying EPR at once, on a small pool: 5 episodes × 30 identical discharges plus reads,
 * 150 writes against a pool of 5. Each episode is discharged once; everything else is a clear 409 or a 503
 * with Retry-After; nothing hangs, nothing 500s, and the service is ready afterwards.
 */
describe('Pool exhaustion under a burst', () => {
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;

  beforeAll(async () => {
    t = await TestApp.start({
      DATABASE_POOL_MAX: '5',
      DATABASE_POOL_ACQUIRE_TIMEOUT_MS: '2000',
      DATABASE_LOCK_TIMEOUT_MS: '2000',
      DATABASE_NESTED_CONNECTION_CHECK: 'throw',
    });
    site = await deliverySite(t);
    peer = await peerWorkerAccount(t, site);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('sheds what it cannot serve and records each discharge once', async () => {
    const episodes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await pairedEpisode(t, site, peer.peerWorkerId);
      await t.expect(201, 'POST', `/api/v1/support-episodes/${id}/meetings`, {
        token: peer.user.token,
        body: wardMeeting(hoursFromNow(-24 * 7), { status: 'held', held: heldDetails(-24 * 7) }),
      });
      episodes.push(id);
    }
    const requests = episodes.flatMap((id) => [
      ...Array.from({ length: 30 }, () =>
        t.call('POST', `/api/v1/support-episodes/${id}/discharge`, {
          token: site.wardStaff.token,
          body: { dischargedOn: londonDate(-1) },
        }),
      ),
      ...Array.from({ length: 10 }, () =>
        t.call('GET', `/api/v1/support-episodes/${id}`, { token: site.coordinator.token }),
      ),
    ]);
    const answers = await Promise.all(requests);
    const byStatus = answers.reduce<Record<number, number>>(
      (m, a) => ({ ...m, [a.statusCode]: (m[a.statusCode] ?? 0) + 1 }),
      {},
    );
    expect(
      Object.keys(byStatus)
        .map(Number)
        .filter((s) => s >= 500 && s !== 503),
    ).toEqual([]);
    for (const shed of answers.filter((a) => a.statusCode === 503))
      expect(shed.headers['retry-after']).toMatch(/^\d+$/);
    const [{ moves }] = await t.dataSource.query(
      `SELECT count(*)::int AS moves FROM support_episode_transitions WHERE episode_id = ANY($1::uuid[]) AND to_state = 'community_support'`,
      [episodes],
    );
    // A discharge shed with 503 is retried by its sender; at most one per episode ever lands.
    expect(moves).toBeLessThanOrEqual(5);
    expect(byStatus[200] ?? 0).toBeGreaterThanOrEqual(moves);
    await new Promise((r) => setTimeout(r, 500));
    expect((await t.call('GET', '/health/ready')).statusCode).toBe(200);
    // Retrying the shed ones brings every episode to community support, once.
    for (const id of episodes) {
      const retry = await t.call('POST', `/api/v1/support-episodes/${id}/discharge`, {
        token: site.wardStaff.token,
        body: { dischargedOn: londonDate(-1) },
      });
      expect([200, 409]).toContain(retry.statusCode);
    }
    const [{ after }] = await t.dataSource.query(
      `SELECT count(*)::int AS after FROM support_episode_transitions WHERE episode_id = ANY($1::uuid[]) AND to_state = 'community_support'`,
      [episodes],
    );
    expect(after).toBe(5);
    process.stdout.write(`pool exhaustion: ${answers.length} requests on a pool of 5: ${JSON.stringify(byStatus)}\n`);
  });
});
