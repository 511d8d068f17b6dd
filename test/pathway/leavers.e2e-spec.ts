import { TestApp } from '../support/test-app';
import {
  DeliverySite,
  deliverySite,
  episodeInCommunity,
  hoursFromNow,
  PeerWorkerAccount,
  peerWorkerAccount,
  refusedWith,
  wardMeeting,
} from '../support/builders';

/** Issue 13 case 4: a peer worker marked `left` releases their caseload; nobody is stranded. */
describe('Leavers release their caseload', () => {
  let t: TestApp;
  let site: DeliverySite;
  let leaver: PeerWorkerAccount;
  let episodes: string[];

  beforeAll(async () => {
    t = await TestApp.start();
    site = await deliverySite(t, 'Leavers Trust');
    leaver = await peerWorkerAccount(t, site);
    episodes = [await episodeInCommunity(t, site, leaver), await episodeInCommunity(t, site, leaver)];
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const attention = (state = 'open') =>
    t.expect(200, 'GET', `/api/v1/sites/${site.siteId}/attention-items?state=${state}`, {
      token: site.coordinator.token,
    });

  it('ends the leaver’s pairings and puts every open episode they held on the coordinator’s attention queue', async () => {
    await t.expect(200, 'POST', `/api/v1/peer-workers/${leaver.peerWorkerId}/status`, {
      token: site.coordinator.token,
      body: { status: 'left', reason: 'Resigned: moving away' },
    });
    const open = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM pairings WHERE peer_worker_id = $1 AND ended_at IS NULL`,
      [leaver.peerWorkerId],
    );
    expect(open[0].n).toBe(0);
    const caseload = await t.expect(200, 'GET', `/api/v1/peer-workers/${leaver.peerWorkerId}/caseload`, {
      token: site.coordinator.token,
    });
    expect(caseload.episodes).toEqual([]);

    const items = await attention();
    expect(items.map((i: { episodeId: string }) => i.episodeId).sort()).toEqual([...episodes].sort());
    expect(items[0]).toMatchObject({
      kind: 'peer_worker_left',
      state: 'open',
      details: { peerWorkerId: leaver.peerWorkerId, pairingKind: 'primary' },
    });
    const history = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodes[0]}/pairings`, {
      token: site.coordinator.token,
    });
    expect(history[0].endReason).toBe('Peer worker left: Resigned: moving away');
  });

  it('refuses a meeting planned by the leaver for a service user they no longer support', async () => {
    await refusedWith(
      t,
      409,
      'peer_worker_paired_at_time',
      'POST',
      `/api/v1/support-episodes/${episodes[0]}/meetings`,
      leaver.user.token,
      wardMeeting(hoursFromNow(24), { setting: 'community_venue' }),
    );
  });

  it('lets the coordinator resolve an item once, saying what was done, and refuses a second resolution', async () => {
    const item = (await attention()).find((i: { episodeId: string }) => i.episodeId === episodes[0]);
    const resolved = await t.expect(200, 'POST', `/api/v1/attention-items/${item.id}/resolution`, {
      token: site.coordinator.token,
      body: { resolution: 'Service user phoned; re-pairing at Thursday’s meeting' },
    });
    expect(resolved).toMatchObject({ state: 'resolved', resolvedById: site.coordinator.id });
    await refusedWith(
      t,
      409,
      'already_resolved',
      'POST',
      `/api/v1/attention-items/${item.id}/resolution`,
      site.coordinator.token,
      { resolution: 'again' },
    );
    const empty = await t.call('POST', `/api/v1/attention-items/${item.id}/resolution`, {
      token: site.coordinator.token,
      body: {},
    });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json())).toContain('resolution');
    // Peer workers and other sites' coordinators do not see the queue.
    expect(
      (await t.call('GET', `/api/v1/sites/${site.siteId}/attention-items`, { token: leaver.user.token })).statusCode,
    ).toBe(403);
  });

  it('closes the item when the episode ends', async () => {
    const still = (await attention()).find((i: { episodeId: string }) => i.episodeId === episodes[1]);
    expect(still).toBeDefined();
    await t.expect(200, 'POST', `/api/v1/support-episodes/${episodes[1]}/ending`, {
      token: site.coordinator.token,
      body: { endingReason: 'transferred' },
    });
    expect((await attention()).map((i: { episodeId: string }) => i.episodeId)).not.toContain(episodes[1]);
  });
});
