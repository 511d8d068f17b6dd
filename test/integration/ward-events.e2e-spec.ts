import { randomUUID } from 'node:crypto';
import { createEnrichClient, type EnrichClient } from '../../client';
import {
  deliverySite,
  DeliverySite,
  heldDetails,
  hoursFromNow,
  londonDate,
  pairedEpisode,
  PeerWorkerAccount,
  peerWorkerAccount,
  wardMeeting,
} from '../support/builders';
import { nhsNumber, registerServiceUser } from '../support/builders';
import { TestApp } from '../support/test-app';
import { integrationClient } from './integration-fixtures';

const EVENTS = '/api/v1/integration/ward-events';

describe('Inbound ward events: admission, discharge and readmission from a Trust ward system', () => {
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;
  let client: { token: string; id: string };
  let api: EnrichClient;

  /** A paired episode whose first ward meeting was held five days ago: in ward support. Its NHS number too. */
  async function episodeOnWard(): Promise<{ episodeId: string; nhsNumber: string; serviceUserId: string }> {
    const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
    await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
      token: peer.user.token,
      body: wardMeeting(hoursFromNow(-120), { status: 'held', held: heldDetails(-120) }),
    });
    const episode = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, {
      token: site.coordinator.token,
    });
    expect(episode.state).toBe('ward_support');
    const serviceUser = await t.expect(200, 'GET', `/api/v1/service-users/${episode.serviceUserId}`, {
      token: site.coordinator.token,
    });
    return { episodeId, nhsNumber: serviceUser.nhsNumber, serviceUserId: episode.serviceUserId };
  }

  const discharge = (nhsNumber: string, extra: Record<string, unknown> = {}) => ({
    type: 'discharge' as const,
    nhsNumber,
    occurredOn: londonDate(-1),
    wardCode: 'Willow Ward',
    sourceSystem: 'RiO',
    sourceEventId: `rio-adt-${randomUUID()}`,
    ...extra,
  });

  /** What a discharge changes: the move, its outbox event, the community plan's first contact, the received event. */
  async function dischargeEffects(episodeId: string) {
    const [[moves], [discharged], [firstContacts], [received]] = await Promise.all([
      t.dataSource.query(
        `SELECT count(*)::int AS n FROM support_episode_transitions WHERE episode_id = $1 AND to_state = 'community_support'`,
        [episodeId],
      ),
      t.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = $1 AND type = 'episode.discharged'`,
        [episodeId],
      ),
      t.dataSource.query(
        `SELECT count(*)::int AS n FROM planned_contacts WHERE episode_id = $1 AND sequence = 1 AND status = 'planned'`,
        [episodeId],
      ),
      t.dataSource.query(`SELECT count(*)::int AS n FROM inbound_ward_events WHERE episode_id = $1`, [episodeId]),
    ]);
    return { moves: moves.n, discharged: discharged.n, firstContacts: firstContacts.n, received: received.n };
  }

  const stateOf = async (episodeId: string) =>
    (await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: site.coordinator.token })).state;

  beforeAll(async () => {
    t = await TestApp.start();
    site = await deliverySite(t);
    peer = await peerWorkerAccount(t, site);
    client = await integrationClient(t, 'North Riverside RiO', [site.siteId]);
    api = createEnrichClient({ baseUrl: await t.listen(), accessToken: () => client.token });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('changes the episode once and schedules one first meeting when a discharge is posted twice with the same Idempotency-Key (through the typed client)', async () => {
    const { episodeId, nhsNumber } = await episodeOnWard();
    const body = discharge(nhsNumber);
    const key = randomUUID();
    const first = await api.POST('/api/v1/integration/ward-events', {
      body,
      params: { header: { 'Idempotency-Key': key } },
    });
    expect(first.response.status).toBe(200);
    expect(first.data).toMatchObject({
      type: 'discharge',
      outcome: 'discharged',
      episodeId,
      episodeState: 'community_support',
      duplicate: false,
      sourceEventId: body.sourceEventId,
    });
    const again = await api.POST('/api/v1/integration/ward-events', {
      body,
      params: { header: { 'Idempotency-Key': key } },
    });
    expect(again.response.status).toBe(200);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    expect(again.data).toEqual(first.data);

    expect(await stateOf(episodeId)).toBe('community_support');
    expect(await dischargeEffects(episodeId)).toEqual({ moves: 1, discharged: 1, firstContacts: 1, received: 1 });
    const episode = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, {
      token: site.coordinator.token,
    });
    expect(episode.dischargedOn).toBe(body.occurredOn);
  });

  it('answers the same sourceEventId sent again without a key with the original outcome, changing nothing again', async () => {
    const { episodeId, nhsNumber } = await episodeOnWard();
    const body = discharge(nhsNumber);
    const first = await t.expect(200, 'POST', EVENTS, { token: client.token, body });
    const again = await t.expect(200, 'POST', EVENTS, { token: client.token, body });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await dischargeEffects(episodeId)).toEqual({ moves: 1, discharged: 1, firstContacts: 1, received: 1 });
    // The same id for a different event is refused, naming the rule.
    const reused = await t.call('POST', EVENTS, { token: client.token, body: { ...body, type: 'readmission' } });
    expect({ status: reused.statusCode, rule: reused.json().rule }).toEqual({
      status: 409,
      rule: 'source_event_id_reused',
    });
    expect(await stateOf(episodeId)).toBe('community_support');
  });

  it('answers an unknown NHS number with 404 problem+json, keeps the event unapplied for the coordinator and audits the attempt', async () => {
    const body = discharge(nhsNumber());
    const response = await t.call('POST', EVENTS, { token: client.token, body });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(
      await t.dataSource.query(
        `SELECT status, unapplied_rule, service_user_id FROM inbound_ward_events WHERE source_event_id = $1`,
        [body.sourceEventId],
      ),
    ).toEqual([{ status: 'unapplied', unapplied_rule: 'unknown_service_user', service_user_id: null }]);
    const audit = await t.dataSource.query(
      `SELECT outcome, details->>'status' AS status FROM audit_events WHERE action = 'ward_event.discharge' AND details->>'sourceEventId' = $1`,
      [body.sourceEventId],
    );
    expect(audit).toEqual([{ outcome: 'denied', status: '404' }]);
  });

  it("does not reach another Trust's patient: 404, exactly as for an unknown number, and nothing changes", async () => {
    const other = await deliverySite(t, 'South Downs');
    const otherPeer = await peerWorkerAccount(t, other);
    const otherEpisodeId = await pairedEpisode(t, other, otherPeer.peerWorkerId);
    await t.expect(201, 'POST', `/api/v1/support-episodes/${otherEpisodeId}/meetings`, {
      token: otherPeer.user.token,
      body: wardMeeting(hoursFromNow(-120), { status: 'held', held: heldDetails(-120) }),
    });
    const episode = await t.expect(200, 'GET', `/api/v1/support-episodes/${otherEpisodeId}`, {
      token: other.coordinator.token,
    });
    const { nhsNumber } = await t.expect(200, 'GET', `/api/v1/service-users/${episode.serviceUserId}`, {
      token: other.coordinator.token,
    });
    const response = await t.call('POST', EVENTS, { token: client.token, body: discharge(nhsNumber) });
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).not.toContain(nhsNumber);
    expect(
      (await t.expect(200, 'GET', `/api/v1/support-episodes/${otherEpisodeId}`, { token: other.coordinator.token }))
        .state,
    ).toBe('ward_support');
  });

  it('refuses events out of order with 409 naming the rule, changing nothing but keeping the event unapplied', async () => {
    // A discharge of someone paired but not yet in ward support is accepted now (issue 13: test/pathway).
    const pairedId = await pairedEpisode(t, site, peer.peerWorkerId);
    const paired = await t.expect(200, 'GET', `/api/v1/support-episodes/${pairedId}`, {
      token: site.coordinator.token,
    });
    const pairedNhs = (
      await t.expect(200, 'GET', `/api/v1/service-users/${paired.serviceUserId}`, { token: site.coordinator.token })
    ).nhsNumber;
    const beforeWardMeeting = await t.expect(200, 'POST', EVENTS, { token: client.token, body: discharge(pairedNhs) });
    expect(beforeWardMeeting).toMatchObject({ outcome: 'discharged', episodeState: 'community_support' });

    // A readmission before any discharge.
    const { episodeId, nhsNumber } = await episodeOnWard();
    const early = await t.call('POST', EVENTS, {
      token: client.token,
      body: discharge(nhsNumber, { type: 'readmission' }),
    });
    expect({ status: early.statusCode, rule: early.json().rule }).toEqual({
      status: 409,
      rule: 'readmission_follows_discharge',
    });
    expect(await stateOf(episodeId)).toBe('ward_support');
    expect(await dischargeEffects(episodeId)).toEqual({ moves: 0, discharged: 0, firstContacts: 0, received: 0 });

    // A second discharge once in the community.
    await t.expect(200, 'POST', EVENTS, {
      token: client.token,
      body: discharge(nhsNumber, { occurredOn: londonDate(-3) }),
    });
    const twice = await t.call('POST', EVENTS, { token: client.token, body: discharge(nhsNumber) });
    expect({ status: twice.statusCode, rule: twice.json().rule }).toEqual({
      status: 409,
      rule: 'already_discharged',
    });
    // A readmission dated before the discharge it would follow.
    const backdated = await t.call('POST', EVENTS, {
      token: client.token,
      body: discharge(nhsNumber, { type: 'readmission', occurredOn: londonDate(-4) }),
    });
    expect({ status: backdated.statusCode, rule: backdated.json().rule }).toEqual({
      status: 409,
      rule: 'readmission_after_discharge',
    });
    expect(await dischargeEffects(episodeId)).toEqual({ moves: 1, discharged: 1, firstContacts: 1, received: 1 });

    // The refused event changed nothing else and was kept unapplied: sent again once it is in order, it applies.
    const later = await t.call('POST', EVENTS, {
      token: client.token,
      body: discharge(nhsNumber, { type: 'readmission', sourceEventId: 'rio-adt-retry-1', occurredOn: londonDate(-4) }),
    });
    expect(later.statusCode).toBe(409);
    expect(later.json()).toMatchObject({ kept: true, wardEventId: expect.any(String) });
    const inOrder = await t.expect(200, 'POST', EVENTS, {
      token: client.token,
      body: discharge(nhsNumber, { type: 'readmission', sourceEventId: 'rio-adt-retry-1', occurredOn: londonDate(-1) }),
    });
    expect(inOrder).toMatchObject({ outcome: 'paused', id: later.json().wardEventId });
  });

  it('pauses community support on a readmission, and a later discharge resumes it where it left off', async () => {
    const { episodeId, nhsNumber } = await episodeOnWard();
    await t.expect(200, 'POST', EVENTS, {
      token: client.token,
      body: discharge(nhsNumber, { occurredOn: londonDate(-4) }),
    });
    const readmitted = await t.expect(200, 'POST', EVENTS, {
      token: client.token,
      body: discharge(nhsNumber, { type: 'readmission', occurredOn: londonDate(-2) }),
    });
    expect(readmitted).toMatchObject({ outcome: 'paused', episodeState: 'readmitted', episodeId });
    expect(await stateOf(episodeId)).toBe('readmitted');
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = $1 AND type = 'episode.readmitted'`,
      [episodeId],
    );
    expect(n).toBe(1);
    const suspended = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM planned_contacts WHERE episode_id = $1 AND status = 'suspended'`,
      [episodeId],
    );
    expect(suspended[0].n).toBeGreaterThan(0);

    const resumed = await t.expect(200, 'POST', EVENTS, {
      token: client.token,
      body: discharge(nhsNumber, { occurredOn: londonDate(-1) }),
    });
    expect(resumed).toMatchObject({ outcome: 'resumed', episodeState: 'community_support' });
  });

  it('records an admission and places the service user on the named ward of their site', async () => {
    const serviceUserId = await registerServiceUser(t, site.coordinator.token, site.siteId);
    const { nhsNumber } = await t.expect(200, 'GET', `/api/v1/service-users/${serviceUserId}`, {
      token: site.coordinator.token,
    });
    const admitted = await t.expect(200, 'POST', EVENTS, {
      token: client.token,
      body: discharge(nhsNumber, { type: 'admission', wardCode: 'willow ward' }),
    });
    expect(admitted).toMatchObject({
      outcome: 'admission_recorded',
      episodeId: null,
      wardId: site.wardId,
      serviceUserId,
    });
    expect(
      (await t.expect(200, 'GET', `/api/v1/service-users/${serviceUserId}`, { token: site.coordinator.token })).wardId,
    ).toBe(site.wardId);
    const unknownWard = await t.expect(200, 'POST', EVENTS, {
      token: client.token,
      body: discharge(nhsNumber, { type: 'admission', wardCode: 'Ward 99' }),
    });
    expect(unknownWard).toMatchObject({ outcome: 'admission_recorded', wardId: null });
    const audit = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'ward_event.admission' AND service_user_id = $1 AND outcome = 'success'`,
      [serviceUserId],
    );
    expect(audit[0].n).toBe(2);
  });

  describe('an admission of someone with no open support episode refers them', () => {
    const episodesOf = async (serviceUserId: string) =>
      (
        await t.expect(200, 'GET', `/api/v1/support-episodes?serviceUserId=${serviceUserId}`, {
          token: site.coordinator.token,
        })
      ).items as { id: string; state: string; referredOn: string; previousAdmissionDates: string[] }[];
    const newServiceUser = async () => {
      const serviceUserId = await registerServiceUser(t, site.coordinator.token, site.siteId);
      const { nhsNumber } = await t.expect(200, 'GET', `/api/v1/service-users/${serviceUserId}`, {
        token: site.coordinator.token,
      });
      return { serviceUserId, nhsNumber: nhsNumber as string };
    };
    const admission = (nhsNumber: string, extra: Record<string, unknown> = {}) =>
      discharge(nhsNumber, { type: 'admission', primaryDiagnosisGroup: 'psychotic', ...extra });

    it('creates one referral through the episodes service, however often the admission is sent', async () => {
      const { serviceUserId, nhsNumber } = await newServiceUser();
      const body = admission(nhsNumber, { previousAdmissionDates: ['2026-01-10'] });
      // The same admission from two feeds at once (two ids): one refers, the other finds the episode open.
      const [a, b] = await Promise.all(
        [body, { ...body, sourceEventId: `rio-${randomUUID()}` }].map((sent) =>
          t.expect(200, 'POST', EVENTS, { token: client.token, body: sent }),
        ),
      );
      expect([a.outcome, b.outcome].sort()).toEqual(['admission_recorded', 'referred']);
      const first = a.sourceEventId === body.sourceEventId ? a : b;
      // The same event again: the original outcome, nothing new.
      const again = await t.expect(200, 'POST', EVENTS, { token: client.token, body });
      expect(again).toEqual({ ...first, duplicate: true });
      const episodes = await episodesOf(serviceUserId);
      expect(episodes).toEqual([
        expect.objectContaining({
          id: (a.episodeId ?? b.episodeId) as string,
          state: 'referred',
          referredOn: body.occurredOn,
        }),
      ]);
      // Referred as any referral is: its first transition, and the audit, by the integration client.
      const history = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodes[0].id}/transitions`, {
        token: site.coordinator.token,
      });
      expect(history).toEqual([expect.objectContaining({ fromState: null, toState: 'referred' })]);
    });

    it('applies the site’s eligibility rules: not eligible is recorded without a referral; earlier admissions count', async () => {
      const { serviceUserId, nhsNumber } = await newServiceUser();
      // No earlier admission known: the site wants one in the last 24 months.
      const first = await t.expect(200, 'POST', EVENTS, {
        token: client.token,
        body: admission(nhsNumber, { occurredOn: londonDate(-20) }),
      });
      expect(first).toMatchObject({ outcome: 'not_eligible', episodeId: null, episodeState: null });
      expect(await episodesOf(serviceUserId)).toEqual([]);
      // The next admission has that one behind it: referred, with it as the previous admission.
      const second = await t.expect(200, 'POST', EVENTS, {
        token: client.token,
        body: admission(nhsNumber, { occurredOn: londonDate(-2) }),
      });
      expect(second).toMatchObject({ outcome: 'referred', episodeState: 'referred' });
      const [episode] = await episodesOf(serviceUserId);
      // (The episode API answers date[] columns as midnight date-times, a quirk of the date array column: the day is compared.)
      expect(episode.previousAdmissionDates.map((d) => d.slice(0, 10))).toEqual([londonDate(-20)]);
    });

    it('refers nobody without a diagnosis group, nor when an episode is open', async () => {
      const { serviceUserId, nhsNumber } = await newServiceUser();
      const plain = await t.expect(200, 'POST', EVENTS, {
        token: client.token,
        body: discharge(nhsNumber, { type: 'admission', previousAdmissionDates: ['2026-01-10'] }),
      });
      expect(plain).toMatchObject({ outcome: 'admission_recorded', episodeId: null });
      expect(await episodesOf(serviceUserId)).toEqual([]);
      const { nhsNumber: onWard, episodeId } = await episodeOnWard();
      const open = await t.expect(200, 'POST', EVENTS, {
        token: client.token,
        body: admission(onWard, { previousAdmissionDates: ['2026-01-10'] }),
      });
      expect(open).toMatchObject({ outcome: 'admission_recorded', episodeId: null });
      expect(await stateOf(episodeId)).toBe('ward_support');
    });
  });

  it('refuses a date in the future (422 naming occurredOn), a malformed NHS number (400), and anyone but an integration client (403)', async () => {
    const { nhsNumber } = await episodeOnWard();
    const future = await t.call('POST', EVENTS, {
      token: client.token,
      body: discharge(nhsNumber, { occurredOn: londonDate(2) }),
    });
    expect(future.statusCode).toBe(422);
    expect(future.json().errors[0].field).toBe('occurredOn');
    const malformed = await t.call('POST', EVENTS, { token: client.token, body: discharge('1234567890') });
    expect(malformed.statusCode).toBe(400);
    await t.expect(403, 'POST', EVENTS, { token: site.coordinator.token, body: discharge(nhsNumber) });
  });
});
