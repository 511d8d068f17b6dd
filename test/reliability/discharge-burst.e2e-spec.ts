import { TransactionConnectionCheck } from '../../src/database/transaction-connection-check';
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

/**
 * A ward system retrying: many identical discharges of one episode at once. The pool is 10 and the burst
 * 20 (twice the pool), so if anything inside the locked transaction waited for a second connection the
 * whole service would freeze. Every request must be answered, one discharge recorded, and the app healthy.
 */
describe('A burst of identical writes never freezes the service', () => {
  const POOL = 10;
  const BURST = 2 * POOL;
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;

  beforeAll(async () => {
    // throw: a query through a second connection inside a transaction fails the request (and this test).
    t = await TestApp.start({
      DATABASE_POOL_MAX: String(POOL),
      DATABASE_NESTED_CONNECTION_CHECK: 'throw',
      DATABASE_LOCK_TIMEOUT_MS: '5000',
    });
    site = await deliverySite(t);
    peer = await peerWorkerAccount(t, site);
  }, 90_000);
  afterAll(async () => {
    await t?.close();
  });

  async function inWardSupport(): Promise<string> {
    const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
    await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(-24 * 7), { status: 'held', held: heldDetails(-24 * 7) }),
    });
    return episodeId;
  }

  const discharge = (episodeId: string, headers: Record<string, string> = {}) =>
    t.call('POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
      token: site.wardStaff.token,
      body: { dischargedOn: londonDate(-2) },
      headers,
    });

  async function assertOneDischargeRecorded(episodeId: string) {
    const [{ moves }] = await t.dataSource.query(
      `SELECT count(*)::int AS moves FROM support_episode_transitions WHERE episode_id = $1 AND to_state = 'community_support'`,
      [episodeId],
    );
    expect(moves).toBe(1);
    const [{ events }] = await t.dataSource.query(
      `SELECT count(*)::int AS events FROM outbox_events WHERE aggregate_id = $1 AND type = 'episode.discharged'`,
      [episodeId],
    );
    expect(events).toBe(1);
    const [{ generated }] = await t.dataSource.query(
      `SELECT count(DISTINCT sequence)::int AS generated, count(*)::int AS total FROM planned_contacts WHERE episode_id = $1`,
      [episodeId],
    );
    const [{ total }] = await t.dataSource.query(
      `SELECT count(*)::int AS total FROM planned_contacts WHERE episode_id = $1`,
      [episodeId],
    );
    expect(total).toBe(generated); // the plan was generated once, not once per request
    expect(total).toBeGreaterThan(0);
  }

  it('answers twice-the-pool identical discharges with one success and clear refusals, and stays ready', async () => {
    const episodeId = await inWardSupport();
    const answers = await Promise.all(Array.from({ length: BURST }, () => discharge(episodeId)));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.statusCode !== 200)) {
      expect([409, 503]).toContain(refused.statusCode);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      if (refused.statusCode === 503) expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    }
    await assertOneDischargeRecorded(episodeId);
    expect(t.app.get(TransactionConnectionCheck).offences).toBe(0);

    const ready = await t.call('GET', '/health/ready');
    expect(ready.statusCode).toBe(200);
    // Other work is served at once afterwards.
    await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: site.coordinator.token });
  });

  it('answers a burst retrying with one Idempotency-Key with the first response or "still in progress", never a second write', async () => {
    const episodeId = await inWardSupport();
    const answers = await Promise.all(
      Array.from({ length: BURST }, () => discharge(episodeId, { 'idempotency-key': `ward-retry-${episodeId}` })),
    );
    const firsts = answers.filter((a) => a.statusCode === 200 && a.headers['idempotent-replayed'] !== 'true');
    expect(firsts).toHaveLength(1);
    for (const other of answers.filter((a) => a !== firsts[0])) {
      if (other.statusCode === 200)
        expect(other.body).toBe(firsts[0].body); // a replay of the first response
      else {
        expect([409, 503]).toContain(other.statusCode);
        expect(other.headers['content-type']).toContain('application/problem+json');
      }
    }
    await assertOneDischargeRecorded(episodeId);
    expect((await t.call('GET', '/health/ready')).statusCode).toBe(200);
  });

  it('sheds a request that cannot get a row lock in time with 503 and Retry-After instead of queueing', async () => {
    const episodeId = await inWardSupport();
    // Someone else holds the episode's row lock for longer than lock_timeout.
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SET LOCAL lock_timeout = 0`);
      await runner.query(`SELECT id FROM support_episodes WHERE id = $1 FOR UPDATE`, [episodeId]);
      const shed = await discharge(episodeId);
      expect(shed.statusCode).toBe(503);
      expect(shed.headers['retry-after']).toMatch(/^\d+$/);
      expect(shed.headers['content-type']).toContain('application/problem+json');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    // Once the lock is free the same request goes through.
    expect((await discharge(episodeId)).statusCode).toBe(200);
  });
});
