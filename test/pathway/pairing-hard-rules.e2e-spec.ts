import { DateTime } from 'luxon';
import { Role } from '../../src/common/auth/role';
import { episodeAwaitingPairing } from '../support/builders';
import { Workforce } from '../support/builders';
import { TestApp, TestUser } from '../support/test-app';

const londonDay = (offset: number) => DateTime.now().setZone('Europe/London').plus({ days: offset }).toISODate()!;

/** Issue 13 case 3: pairing enforces what suggestions explain; a coordinator may override with a recorded reason. */
describe('Pairing hard rules: "must" preferences and absence', () => {
  let t: TestApp;
  let siteId: string;
  let coordinator: TestUser;
  let workforce: Workforce;

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite('Hard Rules Trust', { caseloadCap: 5 });
    coordinator = await t.createUser([Role.Coordinator], [siteId]);
    workforce = await Workforce.of(t, coordinator.token, siteId);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  async function awaitingPairing(mustGender?: string): Promise<string> {
    const { episodeId, serviceUserId } = await episodeAwaitingPairing(t, coordinator.token, siteId);
    if (mustGender) {
      await t.expect(200, 'PUT', `/api/v1/service-users/${serviceUserId}/matching-preferences`, {
        token: coordinator.token,
        body: { preferences: [{ kind: 'peer_gender', value: mustGender, weight: 'must' }] },
      });
    }
    return episodeId;
  }
  const tryPair = (episodeId: string, body: Record<string, unknown>) =>
    t.call('POST', `/api/v1/support-episodes/${episodeId}/pair`, { token: coordinator.token, body });
  const openPairings = async (episodeId: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM pairings WHERE episode_id = $1`, [episodeId]))[0].n;

  it('refuses to pair a peer worker the suggestions exclude for an unmet "must", naming the rule, and writes nothing', async () => {
    const man = await workforce.ready({ displayName: 'Must Man', gender: 'man' });
    const episodeId = await awaitingPairing('female');
    const excluded = (
      await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/pairing-suggestions`, {
        token: coordinator.token,
      })
    ).excluded;
    expect(excluded).toContainEqual(expect.objectContaining({ peerWorkerId: man.id, rule: 'must_preference_unmet' }));

    const response = await tryPair(episodeId, { peerWorkerId: man.id });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      rule: 'must_preference_unmet',
      errors: [{ field: 'peerWorkerId' }],
      breaches: [{ rule: 'must_preference_unmet' }],
    });
    expect(await openPairings(episodeId)).toBe(0);
    expect(
      (await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: coordinator.token })).state,
    ).toBe('awaiting_pairing');
  });

  it('refuses to pair a peer worker who is off sick across the expected start', async () => {
    const sick = await workforce.ready({ displayName: 'Off Sick' });
    await t.expect(201, 'POST', '/api/v1/absences', {
      token: coordinator.token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: sick.id,
        kind: 'sickness',
        planned: false,
        startsOn: londonDay(0),
        expectedEndOn: londonDay(3),
      },
    });
    const episodeId = await awaitingPairing();
    const response = await tryPair(episodeId, { peerWorkerId: sick.id });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ rule: 'peer_worker_absent', breaches: [{ rule: 'peer_worker_absent' }] });
    expect(await openPairings(episodeId)).toBe(0);
  });

  it('lets the coordinator override every broken rule with a reason, recorded on the pairing, in the history and in the audit trail', async () => {
    const man = await workforce.ready({ displayName: 'Override Man', gender: 'man' });
    await t.expect(201, 'POST', '/api/v1/absences', {
      token: coordinator.token,
      body: {
        subject: 'peer_worker',
        peerWorkerId: man.id,
        kind: 'annual_leave',
        planned: true,
        startsOn: londonDay(1),
        expectedEndOn: londonDay(2),
      },
    });
    const episodeId = await awaitingPairing('female');
    const reason = 'Service user met Alex on the ward and asked for him; leave is two days';
    const paired = await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/pair`, {
      token: coordinator.token,
      body: { peerWorkerId: man.id, overrideReason: reason },
    });
    expect(paired.pairing).toMatchObject({
      peerWorkerId: man.id,
      overriddenRules: ['must_preference_unmet', 'peer_worker_absent'],
      overrideReason: reason,
    });
    expect(paired.episode.state).toBe('paired');

    const history = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/pairings`, {
      token: coordinator.token,
    });
    expect(history).toEqual([
      expect.objectContaining({
        overriddenRules: ['must_preference_unmet', 'peer_worker_absent'],
        overrideReason: reason,
        startedById: coordinator.id,
      }),
    ]);
    const [audit] = await t.dataSource.query(
      `SELECT actor_id, details FROM audit_events WHERE action = 'pairing.override' AND resource_id = $1`,
      [episodeId],
    );
    expect(audit).toMatchObject({
      actor_id: coordinator.id,
      details: { peerWorkerId: man.id, overriddenRules: ['must_preference_unmet', 'peer_worker_absent'], reason },
    });
  });

  it('records no override for a pairing that breaks no rule, and refuses an empty override reason', async () => {
    const woman = await workforce.ready({ displayName: 'Fine Woman', gender: 'woman' });
    const episodeId = await awaitingPairing('female');
    const empty = await tryPair(episodeId, { peerWorkerId: woman.id, overrideReason: '' });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json())).toContain('overrideReason');
    const paired = await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/pair`, {
      token: coordinator.token,
      body: { peerWorkerId: woman.id, overrideReason: 'not needed' },
    });
    expect(paired.pairing).toMatchObject({ overriddenRules: [], overrideReason: null });
  });
});
