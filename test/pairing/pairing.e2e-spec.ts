import { DateTime } from 'luxon';
import { Role } from '../../src/common/auth/role';
import type { Actor } from '../../src/common/auth/actor';
import { SupportEpisodesService } from '../../src/episodes/support-episodes.service';
import { episodeAwaitingPairing, referralBody, registerServiceUser, ServiceUserOptions } from '../support/builders';
import { TestApp, TestUser } from '../support/test-app';
import { BuiltPeerWorker, pair, Workforce } from '../support/builders';

/** Pairing a service user with a peer worker (handbook 12.2), through the API. */
describe('Pairing service users with peer workers', () => {
  let t: TestApp;
  let siteId: string;
  let wardId: string;
  let coordinator: TestUser;
  let workforce: Workforce;

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite('North Riverside', { caseloadCap: 3 });
    coordinator = await t.createUser([Role.Coordinator], [siteId]);
    wardId = (
      await t.expect(201, 'POST', `/api/v1/sites/${siteId}/wards`, {
        token: coordinator.token,
        body: { name: 'Willow Ward' },
      })
    ).id;
    workforce = await Workforce.of(t, coordinator.token, siteId);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Referral → allocation (routine service) → awaiting pairing, all through the API. */
  const awaitingPairing = (options: ServiceUserOptions & { site?: string; token?: string } = {}) =>
    episodeAwaitingPairing(t, options.token ?? coordinator.token, options.site ?? siteId, options);

  const suggestions = (episodeId: string, token = coordinator.token) =>
    t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/pairing-suggestions`, { token });
  const tryPair = (episodeId: string, peerWorkerId: string, token = coordinator.token, reason?: string) =>
    t.call('POST', `/api/v1/support-episodes/${episodeId}/pair`, {
      token,
      body: { peerWorkerId, ...(reason ? { reason } : {}) },
    });
  const caseloadSize = async (peerWorkerId: string) =>
    (
      await t.dataSource.query(
        `SELECT count(*)::int AS n FROM pairings p JOIN support_episodes e ON e.id = p.episode_id WHERE p.peer_worker_id = $1 AND p.ended_at IS NULL AND e.state <> 'ended'`,
        [peerWorkerId],
      )
    )[0].n as number;

  it('walks an episode from referral through allocation to pairing, with the history, audit and outbox event written', async () => {
    const peer = await workforce.ready({ displayName: 'Amara Walk' });
    const { episodeId, serviceUserId } = await awaitingPairing();
    const offered = await suggestions(episodeId);
    expect(offered.suggestions.map((s: { peerWorkerId: string }) => s.peerWorkerId)).toContain(peer.id);

    const paired = await pair(t, coordinator.token, episodeId, peer.id, 'Matched at the preference meeting');
    expect(paired.episode).toMatchObject({ state: 'paired', peerWorkerId: peer.id });
    expect(paired.pairing).toMatchObject({
      episodeId,
      peerWorkerId: peer.id,
      kind: 'primary',
      endedAt: null,
      reason: 'Matched at the preference meeting',
      startedById: coordinator.id,
    });
    expect(paired.previousPeerWorkerId).toBeNull();

    const moves = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/transitions`, {
      token: coordinator.token,
    });
    expect(moves.map((m: { toState: string }) => m.toState)).toEqual(['referred', 'awaiting_pairing', 'paired']);
    const [event] = await t.dataSource.query(`SELECT type, payload FROM outbox_events WHERE aggregate_id = $1`, [
      episodeId,
    ]);
    expect(event).toMatchObject({
      type: 'episode.paired',
      payload: { episodeId, serviceUserId, peerWorkerId: peer.id, repairing: false },
    });
    const audit = await t.dataSource.query(
      `SELECT action FROM audit_events WHERE service_user_id = $1 AND action IN ('pairing.create', 'pairing.suggest', 'support_episode.transition') ORDER BY id`,
      [serviceUserId],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'support_episode.transition',
      'pairing.suggest',
      'support_episode.transition',
      'pairing.create',
    ]);
  });

  it('suggests only peer workers who meet every "must", scores each "nice to have" and explains it, and leaves out the not ready and the full', async () => {
    const site = await t.createSite('Suggestion Trust', { caseloadCap: 1 });
    const boss = await t.createUser([Role.Coordinator], [site]);
    const local = await Workforce.of(t, boss.token, site);
    const parent = await local.ready({
      displayName: 'A Parent',
      gender: 'woman',
      languages: ['English', 'Urdu'],
      livedExperience: ['parent'],
    });
    const plain = await local.ready({ displayName: 'B Plain', gender: 'female', languages: ['English'] });
    const man = await local.ready({ displayName: 'C Man', gender: 'man', livedExperience: ['parent'] });
    const full = await local.ready({ displayName: 'D Full', gender: 'woman' });
    const trainee = await local.trainee({ displayName: 'E Trainee', gender: 'woman' });
    const occupying = await awaitingPairing({ site, token: boss.token });
    await pair(t, boss.token, occupying.episodeId, full.id);

    const { episodeId, serviceUserId } = await awaitingPairing({ site, token: boss.token });
    await t.expect(200, 'PUT', `/api/v1/service-users/${serviceUserId}/matching-preferences`, {
      token: boss.token,
      body: {
        preferences: [
          { kind: 'peer_gender', value: 'female', weight: 'must' },
          { kind: 'shared_experience', value: 'parent', weight: 'nice_to_have' },
          { kind: 'language', value: 'Urdu', weight: 'nice_to_have' },
        ],
      },
    });
    const result = await suggestions(episodeId, boss.token);
    expect(result).toMatchObject({ episodeId, kind: 'primary', caseloadCap: 1 });
    expect(result.suggestions.map((s: { peerWorkerId: string; score: number }) => [s.peerWorkerId, s.score])).toEqual([
      [parent.id, 20],
      [plain.id, 0],
    ]);
    const best = result.suggestions[0];
    expect(best.reasons.filter((r: { points: number }) => r.points !== 0)).toEqual([
      { rule: 'nice_to_have_met', points: 10, explain: 'Meets the "nice to have": shared experience "parent"' },
      { rule: 'nice_to_have_met', points: 10, explain: 'Meets the "nice to have": language "Urdu"' },
    ]);
    expect(best.reasons.map((r: { rule: string }) => r.rule)).toEqual([
      'must_preference_met',
      'nice_to_have_met',
      'nice_to_have_met',
      'remaining_capacity',
    ]);
    const why = Object.fromEntries(
      result.excluded.map((e: { peerWorkerId: string; rule: string }) => [e.peerWorkerId, e.rule]),
    );
    expect(why).toEqual({ [man.id]: 'must_preference_unmet', [full.id]: 'at_caseload_cap', [trainee.id]: 'not_ready' });
  });

  it('breaks a tie in favour of the peer worker based on the service user’s ward', async () => {
    const site = await t.createSite('Proximity Trust');
    const boss = await t.createUser([Role.Coordinator], [site]);
    const ward = (
      await t.expect(201, 'POST', `/api/v1/sites/${site}/wards`, { token: boss.token, body: { name: 'Oak Ward' } })
    ).id;
    const local = await Workforce.of(t, boss.token, site);
    const away = await local.ready({ displayName: 'A Elsewhere' });
    const near = await local.ready({ displayName: 'Z On The Ward', wardId: ward });
    const { episodeId } = await awaitingPairing({ site, token: boss.token, wardId: ward });
    const result = await suggestions(episodeId, boss.token);
    expect(
      result.suggestions.map((s: { peerWorkerId: string; sameWard: boolean }) => [s.peerWorkerId, s.sameWard]),
    ).toEqual([
      [near.id, true],
      [away.id, false],
    ]);
  });

  describe('refusals', () => {
    let ready: BuiltPeerWorker;
    beforeAll(async () => {
      ready = await workforce.ready({ displayName: 'Refusal Ready' });
    });

    it('refuses to pair a peer worker who is not ready, naming every unmet condition', async () => {
      const trainee = await workforce.trainee({ displayName: 'Not Yet' });
      const { episodeId } = await awaitingPairing();
      const response = await tryPair(episodeId, trainee.id);
      expect(response.statusCode).toBe(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({
        rule: 'peer_worker_ready',
        unmet: expect.arrayContaining(['appointed', 'dbs_cleared', 'core_training_passed']),
      });
      expect(
        (await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: coordinator.token })).state,
      ).toBe('awaiting_pairing');
    });

    it('refuses to pair a peer worker of another site', async () => {
      const otherSite = await t.createSite('South Hills');
      const otherBoss = await t.createUser([Role.Coordinator], [otherSite]);
      const stranger = await (await Workforce.of(t, otherBoss.token, otherSite)).ready({ displayName: 'Other Site' });
      const { episodeId } = await awaitingPairing();
      const response = await tryPair(episodeId, stranger.id);
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ rule: 'peer_worker_on_episode_site' });
    });

    it('refuses to pair a peer worker at the caseload cap', async () => {
      const busy = await workforce.ready({ displayName: 'Busy Bee' });
      for (let i = 0; i < 3; i++) await pair(t, coordinator.token, (await awaitingPairing()).episodeId, busy.id);
      const { episodeId } = await awaitingPairing();
      const response = await tryPair(episodeId, busy.id);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({
        rule: 'caseload_cap',
        detail: 'The peer worker is at the caseload cap (3 of 3)',
      });
      expect((await suggestions(episodeId)).excluded).toContainEqual(
        expect.objectContaining({ peerWorkerId: busy.id, rule: 'at_caseload_cap' }),
      );
    });

    it('frees a caseload place when an episode ends', async () => {
      const peer = await workforce.ready({ displayName: 'Place Freed' });
      const held: string[] = [];
      for (let i = 0; i < 3; i++) {
        held.push((await awaitingPairing()).episodeId);
        await pair(t, coordinator.token, held[i], peer.id);
      }
      const { episodeId } = await awaitingPairing();
      expect((await tryPair(episodeId, peer.id)).statusCode).toBe(409);
      await t.expect(200, 'POST', `/api/v1/support-episodes/${held[0]}/ending`, {
        token: coordinator.token,
        body: { endingReason: 'declined' },
      });
      await pair(t, coordinator.token, episodeId, peer.id);
    });

    it('closes the pairing when the episode ends, so the history shows when support stopped', async () => {
      const peer = await workforce.ready({ displayName: 'Ended Support' });
      const { episodeId } = await awaitingPairing();
      await pair(t, coordinator.token, episodeId, peer.id);
      await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/ending`, {
        token: coordinator.token,
        body: { endingReason: 'declined' },
      });
      const history = await t.expect<Array<Record<string, unknown>>>(
        200,
        'GET',
        `/api/v1/support-episodes/${episodeId}/pairings`,
        { token: coordinator.token },
      );
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ peerWorkerId: peer.id, endedById: coordinator.id });
      expect(history[0].endedAt).not.toBeNull();
      expect(String(history[0].endReason)).toContain('declined');
    });

    it('lets only the coordinator of the site pair', async () => {
      const { episodeId } = await awaitingPairing();
      const peerUser = await t.createUser([Role.PeerWorker], [siteId], coordinator.token);
      const nurse = await t.createUser([Role.WardStaff], [siteId], coordinator.token);
      const otherCoordinator = await t.createUser([Role.Coordinator], [await t.createSite('Elsewhere')]);
      expect((await tryPair(episodeId, ready.id, t.adminToken)).statusCode).toBe(403);
      expect((await tryPair(episodeId, ready.id, peerUser.token)).statusCode).toBe(403);
      expect((await tryPair(episodeId, ready.id, nurse.token)).statusCode).toBe(403);
      expect((await tryPair(episodeId, ready.id, otherCoordinator.token)).statusCode).toBe(404);
      expect(
        (await t.call('GET', `/api/v1/support-episodes/${episodeId}/pairing-suggestions`, { token: peerUser.token }))
          .statusCode,
      ).toBe(403);
      expect(
        (
          await t.call('GET', `/api/v1/support-episodes/${episodeId}/pairing-suggestions`, {
            token: otherCoordinator.token,
          })
        ).statusCode,
      ).toBe(404);
      expect(await caseloadSize(ready.id)).toBe(0);
    });

    it('refuses to pair once consent to peer support is withdrawn: the withdrawal ended the episode', async () => {
      const { episodeId, serviceUserId } = await awaitingPairing();
      const [consent] = await t.expect(200, 'GET', `/api/v1/service-users/${serviceUserId}/consents`, {
        token: coordinator.token,
      });
      await t.expect(200, 'POST', `/api/v1/service-users/${serviceUserId}/consents/${consent.id}/withdrawal`, {
        token: coordinator.token,
        body: { withdrawnOn: '2026-11-10' },
      });
      const episode = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: coordinator.token });
      expect(episode).toMatchObject({ state: 'ended', endingReason: 'consent_withdrawn' });
      const response = await tryPair(episodeId, ready.id);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ from: 'ended', to: 'paired' });
    });

    it('refuses to pair an episode the workflow has not brought to pairing', async () => {
      const serviceUserId = await registerServiceUser(t, coordinator.token, siteId);
      const episode = await t.expect(201, 'POST', '/api/v1/support-episodes', {
        token: coordinator.token,
        body: referralBody(serviceUserId),
      });
      const response = await tryPair(episode.id, ready.id);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ rule: 'transition_not_in_table', from: 'referred', to: 'paired' });
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM pairings WHERE episode_id = $1`, [
        episode.id,
      ]);
      expect(n).toBe(0);
    });
  });

  it('re-pairs with a reason without changing state, keeping who supported the episode when', async () => {
    const first = await workforce.ready({ displayName: 'First Peer', withAccount: true });
    const second = await workforce.ready({ displayName: 'Second Peer' });
    const { episodeId } = await awaitingPairing();
    await pair(t, coordinator.token, episodeId, first.id, 'Preference meeting');
    const noReason = await tryPair(episodeId, second.id);
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors).toEqual([{ field: 'reason', messages: ['Re-pairing needs a reason'] }]);
    expect((await tryPair(episodeId, first.id, coordinator.token, 'Again')).json()).toMatchObject({
      rule: 'already_paired_with_this_peer_worker',
    });

    const repaired = await pair(t, coordinator.token, episodeId, second.id, 'First peer moved to another team');
    expect(repaired).toMatchObject({
      episode: { state: 'paired', peerWorkerId: second.id },
      previousPeerWorkerId: first.id,
    });
    const history = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/pairings`, {
      token: coordinator.token,
    });
    expect(history).toMatchObject([
      {
        peerWorkerId: first.id,
        kind: 'primary',
        reason: 'Preference meeting',
        endReason: 'First peer moved to another team',
        endedById: coordinator.id,
      },
      { peerWorkerId: second.id, kind: 'primary', endedAt: null, reason: 'First peer moved to another team' },
    ]);
    expect(history[0].endedAt).not.toBeNull();
    const moves = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/transitions`, {
      token: coordinator.token,
    });
    expect(moves.map((m: { toState: string }) => m.toState)).toEqual(['referred', 'awaiting_pairing', 'paired']);
    expect(await caseloadSize(first.id)).toBe(0);
    expect(await caseloadSize(second.id)).toBe(1);
    const events = await t.dataSource.query(
      `SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'episode.paired' ORDER BY created_at`,
      [episodeId],
    );
    expect(events.map((e: { payload: { repairing: boolean } }) => e.payload.repairing)).toEqual([false, true]);
    // Integrators hear of both as `episode.paired` (docs/reference/events-out.md), the re-pairing with who it replaced.
    const published = await t.dataSource.query(
      `SELECT data FROM integration_events WHERE subject = $1 AND type = 'uk.nhs.enrich.episode.paired' ORDER BY tx, position`,
      [`support-episodes/${episodeId}`],
    );
    expect(published.map((e: { data: Record<string, unknown> }) => e.data)).toEqual([
      expect.objectContaining({ peerWorkerId: first.id, repairing: false, to: 'paired' }),
      expect.objectContaining({ peerWorkerId: second.id, previousPeerWorkerId: first.id, repairing: true }),
    ]);

    // The first peer worker was paired: they still see the episode and its service user, but it is off their caseload.
    const token = first.user!.token;
    expect((await t.call('GET', `/api/v1/support-episodes/${episodeId}`, { token })).statusCode).toBe(200);
    expect((await t.expect(200, 'GET', `/api/v1/peer-workers/${first.id}/caseload`, { token })).episodes).toEqual([]);
  });

  it('shows a caseload with state, service user, next planned contact and days since discharge, to the peer worker, their coordinator and admins only', async () => {
    const peer = await workforce.ready({ displayName: 'Caseload Keeper', withAccount: true });
    const other = await workforce.ready({ displayName: 'Someone Else', withAccount: true });
    const onWard = await awaitingPairing({ wardId });
    const home = await awaitingPairing();
    await pair(t, coordinator.token, onWard.episodeId, peer.id);
    await pair(t, coordinator.token, home.episodeId, peer.id);
    const asCoordinator: Actor = {
      kind: 'user',
      id: coordinator.id,
      roles: [Role.Coordinator],
      siteIds: [siteId],
      requestId: 'test',
    };
    // The first ward meeting has no endpoint yet (delivery work): recorded through the episode service.
    await t.app.get(SupportEpisodesService).transition(asCoordinator, home.episodeId, 'ward_support', {
      firstWardMeetingAt: new Date('2026-11-06T10:00:00Z'),
      reason: 'First ward meeting',
    });
    await t.expect(200, 'POST', `/api/v1/support-episodes/${home.episodeId}/discharge`, {
      token: coordinator.token,
      body: { dischargedOn: '2026-11-08' },
    });

    const caseload = await t.expect(200, 'GET', `/api/v1/peer-workers/${peer.id}/caseload`, {
      token: peer.user!.token,
    });
    expect(caseload).toMatchObject({ peerWorkerId: peer.id, caseloadCap: 3 });
    // The discharge generated the community plan: its first contact (still planned) is the next planned contact, from the start of its due day in London.
    const plan = await t.expect(200, 'GET', `/api/v1/support-episodes/${home.episodeId}/community-plan`, {
      token: coordinator.token,
    });
    const firstContactDay = DateTime.fromISO(plan.contacts[0].dueOn, { zone: 'Europe/London' }).toUTC().toISO();
    const expectedDays = Math.floor(
      (Date.parse(new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' })) - Date.parse('2026-11-08')) /
        86_400_000,
    );
    expect(caseload.episodes).toEqual([
      expect.objectContaining({
        episodeId: onWard.episodeId,
        state: 'paired',
        serviceUserId: onWard.serviceUserId,
        serviceUserDisplayName: 'Jo Bloggs',
        pairingKind: 'primary',
        nextPlannedContact: null,
        dischargedOn: null,
        daysSinceDischarge: null,
      }),
      expect.objectContaining({
        episodeId: home.episodeId,
        state: 'community_support',
        nextPlannedContact: firstContactDay,
        dischargedOn: '2026-11-08',
        daysSinceDischarge: expectedDays,
      }),
    ]);
    await t.expect(200, 'GET', `/api/v1/peer-workers/${peer.id}/caseload`, { token: coordinator.token });
    await t.expect(200, 'GET', `/api/v1/peer-workers/${peer.id}/caseload`, { token: t.adminToken });
    await t.expect(404, 'GET', `/api/v1/peer-workers/${peer.id}/caseload`, { token: other.user!.token });
    const listed = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'caseload.list' AND actor_id = $1 AND service_user_id = ANY($2::uuid[])`,
      [peer.user!.id, [onWard.serviceUserId, home.serviceUserId]],
    );
    expect(listed[0].n).toBe(2);
  });

  it('gives a peer worker 404 for another peer worker’s service user and episode, and audits the denial', async () => {
    const mine = await workforce.ready({ displayName: 'Own Caseload', withAccount: true });
    const theirs = await workforce.ready({ displayName: 'Their Caseload' });
    const own = await awaitingPairing();
    const foreign = await awaitingPairing();
    await pair(t, coordinator.token, own.episodeId, mine.id);
    await pair(t, coordinator.token, foreign.episodeId, theirs.id);
    const token = mine.user!.token;

    await t.expect(200, 'GET', `/api/v1/service-users/${own.serviceUserId}`, { token });
    await t.expect(200, 'GET', `/api/v1/support-episodes/${own.episodeId}`, { token });
    await t.expect(404, 'GET', `/api/v1/service-users/${foreign.serviceUserId}`, { token });
    await t.expect(404, 'GET', `/api/v1/support-episodes/${foreign.episodeId}`, { token });
    await t.expect(404, 'GET', `/api/v1/support-episodes/${foreign.episodeId}/pairings`, { token });
    const denied = await t.dataSource.query(
      `SELECT action, resource_id FROM audit_events WHERE actor_id = $1 AND outcome = 'denied' ORDER BY id`,
      [mine.user!.id],
    );
    expect(denied).toEqual([
      { action: 'service_user.read', resource_id: foreign.serviceUserId },
      { action: 'support_episode.read', resource_id: foreign.episodeId },
      { action: 'pairing.list', resource_id: foreign.episodeId },
    ]);
    const episodes = await t.expect(200, 'GET', '/api/v1/support-episodes', { token });
    expect(episodes.items.map((e: { id: string }) => e.id)).toEqual([own.episodeId]);
    const people = await t.expect(200, 'GET', '/api/v1/service-users', { token });
    expect(people.items.map((p: { id: string }) => p.id)).toEqual([own.serviceUserId]);
  });

  it('shows a peer worker only the episode they were paired with, not the same person’s later episode with someone else', async () => {
    const earlier = await workforce.ready({ displayName: 'Earlier Peer', withAccount: true });
    const later = await workforce.ready({ displayName: 'Later Peer' });
    const first = await awaitingPairing();
    await pair(t, coordinator.token, first.episodeId, earlier.id);
    await t.expect(200, 'POST', `/api/v1/support-episodes/${first.episodeId}/ending`, {
      token: coordinator.token,
      body: { endingReason: 'disengaged' },
    });
    const again = await t.expect(201, 'POST', '/api/v1/support-episodes', {
      token: coordinator.token,
      body: referralBody(first.serviceUserId),
    });
    await t.expect(200, 'POST', `/api/v1/support-episodes/${again.id}/allocation`, { token: coordinator.token });
    await pair(t, coordinator.token, again.id, later.id);
    const token = earlier.user!.token;
    await t.expect(200, 'GET', `/api/v1/support-episodes/${first.episodeId}`, { token });
    await t.expect(200, 'GET', `/api/v1/service-users/${first.serviceUserId}`, { token });
    await t.expect(404, 'GET', `/api/v1/support-episodes/${again.id}`, { token });
  });
});
