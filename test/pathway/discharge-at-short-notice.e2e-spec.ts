import { randomUUID } from 'node:crypto';
import {
  deliverySite,
  DeliverySite,
  episodeAwaitingPairing,
  londonDate,
  nhsNumber,
  pairedEpisode,
  PeerWorkerAccount,
  peerWorkerAccount,
  Workforce,
} from '../support/builders';
import { TestApp } from '../support/test-app';
import { integrationClient } from '../integration/integration-fixtures';

const EVENTS = '/api/v1/integration/ward-events';

/**
 * Issue 13 case 1: a discharge before the first ward meeting, or before pairing, used to be refused (409)
 * and the inbound ward event was not kept. Now it is accepted from any open pre-community state, flagged
 * for the coordinator, and the community plan and first-community-meeting reminder start from the real date.
 */
describe('Discharge at short notice: before the first ward meeting or before pairing', () => {
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;
  let client: { token: string; id: string };
  let workforce: Workforce;

  beforeAll(async () => {
    t = await TestApp.start();
    site = await deliverySite(t, 'Short Notice Trust');
    peer = await peerWorkerAccount(t, site);
    client = await integrationClient(t, 'Short Notice RiO', [site.siteId]);
    workforce = await Workforce.of(t, site.coordinator.token, site.siteId);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const coordinator = () => site.coordinator.token;
  const get = (url: string) => t.expect(200, 'GET', url, { token: coordinator() });
  const attention = async (episodeId: string) =>
    ((await get(`/api/v1/sites/${site.siteId}/attention-items`)) as { episodeId: string; kind: string }[]).filter(
      (i) => i.episodeId === episodeId,
    );
  const nhsOf = async (episodeId: string) =>
    (await get(`/api/v1/service-users/${(await get(`/api/v1/support-episodes/${episodeId}`)).serviceUserId}`))
      .nhsNumber as string;

  /** The community plan and the first-community-meeting reminder's outbox row, as written with the move. */
  async function communityStart(episodeId: string) {
    const [plan] = await t.dataSource.query(
      `SELECT details->>'startDate' AS "startDate" FROM community_plan_changes WHERE episode_id = $1 AND kind = 'generated'`,
      [episodeId],
    );
    const [first] = await t.dataSource.query(
      `SELECT to_char(due_on, 'YYYY-MM-DD') AS "dueOn" FROM planned_contacts WHERE episode_id = $1 AND sequence = 1`,
      [episodeId],
    );
    const discharged = await t.dataSource.query(
      `SELECT payload->>'dischargedOn' AS "dischargedOn" FROM outbox_events WHERE aggregate_id = $1 AND type = 'episode.discharged'`,
      [episodeId],
    );
    return { planStartsOn: plan?.startDate ?? null, firstContactDueOn: first?.dueOn ?? null, discharged };
  }

  async function awaitingPairing(): Promise<{ episodeId: string; nhs: string }> {
    const { episodeId } = await episodeAwaitingPairing(t, coordinator(), site.siteId, { wardId: site.wardId });
    return { episodeId, nhs: await nhsOf(episodeId) };
  }

  it('accepts a discharge of a paired episode before the first ward meeting: community plan from the real date, flagged for the coordinator', async () => {
    const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
    const dischargedOn = londonDate(-3);
    const moved = await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
      token: site.wardStaff.token,
      body: { dischargedOn },
    });
    expect(moved).toMatchObject({ state: 'community_support', dischargedOn, firstWardMeetingAt: null });

    const start = await communityStart(episodeId);
    expect(start.planStartsOn).toBe(dischargedOn);
    expect(start.firstContactDueOn! >= dischargedOn).toBe(true);
    expect(start.discharged).toEqual([{ dischargedOn }]);

    expect(await attention(episodeId)).toEqual([
      expect.objectContaining({
        kind: 'discharged_before_ward_meeting',
        state: 'open',
        details: { dischargedOn, stateAtDischarge: 'paired' },
      }),
    ]);
    const history = await get(`/api/v1/support-episodes/${episodeId}/transitions`);
    expect(history.at(-1)).toMatchObject({
      fromState: 'paired',
      toState: 'community_support',
      actorId: site.wardStaff.id,
      reason: 'Discharged (before the first ward meeting)',
    });
  });

  it('records a discharge before pairing, queues the episode for urgent pairing, and pairing later starts the community plan from the discharge date', async () => {
    const { episodeId } = await awaitingPairing();
    const dischargedOn = londonDate(-4);
    const recorded = await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
      token: site.wardStaff.token,
      body: { dischargedOn },
    });
    expect(recorded).toMatchObject({ state: 'awaiting_pairing', dischargedOn, peerWorkerId: null });
    expect((await attention(episodeId)).map((i) => i.kind).sort()).toEqual([
      'discharged_before_ward_meeting',
      'urgent_pairing',
    ]);
    const urgent = (await attention(episodeId)).find((i) => i.kind === 'urgent_pairing');
    expect(urgent).toMatchObject({ details: { dischargedOn } });
    expect(await communityStart(episodeId)).toEqual({ planStartsOn: null, firstContactDueOn: null, discharged: [] });

    // A second discharge with no readmission between is refused, naming the rule.
    const twice = await t.call('POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
      token: site.wardStaff.token,
      body: { dischargedOn: londonDate(-1) },
    });
    expect({ status: twice.statusCode, rule: twice.json().rule }).toEqual({ status: 409, rule: 'already_discharged' });

    const ready = await workforce.ready({ displayName: 'Urgent Pairing' });
    const paired = await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/pair`, {
      token: coordinator(),
      body: { peerWorkerId: ready.id },
    });
    expect(paired.episode).toMatchObject({ state: 'community_support', dischargedOn, peerWorkerId: ready.id });
    const start = await communityStart(episodeId);
    expect(start.planStartsOn).toBe(dischargedOn);
    expect(start.discharged).toEqual([{ dischargedOn }]);
    // Pairing resolved the urgent item; the flag stays for the coordinator.
    expect((await attention(episodeId)).map((i) => i.kind)).toEqual(['discharged_before_ward_meeting']);
    const moves = (await get(`/api/v1/support-episodes/${episodeId}/transitions`)).map(
      (m: { fromState: string; toState: string }) => `${m.fromState}->${m.toState}`,
    );
    expect(moves.slice(-2)).toEqual(['awaiting_pairing->awaiting_pairing', 'awaiting_pairing->community_support']);
  });

  it('accepts the same through inbound ward events: before the ward meeting and before pairing', async () => {
    const pairedId = await pairedEpisode(t, site, peer.peerWorkerId);
    const body = (nhs: string, occurredOn: string) => ({
      type: 'discharge',
      nhsNumber: nhs,
      occurredOn,
      wardCode: 'Willow Ward',
      sourceSystem: 'RiO',
      sourceEventId: `rio-adt-${randomUUID()}`,
    });
    const beforeWard = await t.expect(200, 'POST', EVENTS, {
      token: client.token,
      body: body(await nhsOf(pairedId), londonDate(-2)),
    });
    expect(beforeWard).toMatchObject({ outcome: 'discharged', episodeState: 'community_support', episodeId: pairedId });
    expect((await communityStart(pairedId)).planStartsOn).toBe(londonDate(-2));

    const { episodeId, nhs } = await awaitingPairing();
    const beforePairing = await t.expect(200, 'POST', EVENTS, { token: client.token, body: body(nhs, londonDate(-1)) });
    expect(beforePairing).toMatchObject({ outcome: 'discharge_recorded', episodeState: 'awaiting_pairing', episodeId });
    expect((await attention(episodeId)).map((i) => i.kind)).toContain('urgent_pairing');
  });

  it('keeps out-of-order and unknown ward events with the reason, shows them to the coordinator, and applies one sent again once in order', async () => {
    const { episodeId, nhs } = await awaitingPairing();
    const readmission = {
      type: 'readmission',
      nhsNumber: nhs,
      occurredOn: londonDate(-1),
      sourceSystem: 'RiO',
      sourceEventId: `rio-adt-${randomUUID()}`,
    };
    const early = await t.call('POST', EVENTS, { token: client.token, body: readmission });
    expect({ status: early.statusCode, rule: early.json().rule, kept: early.json().kept }).toEqual({
      status: 409,
      rule: 'readmission_follows_discharge',
      kept: true,
    });
    const unknown = { ...readmission, type: 'discharge', nhsNumber: nhsNumber(), sourceEventId: `rio-${randomUUID()}` };
    expect((await t.call('POST', EVENTS, { token: client.token, body: unknown })).statusCode).toBe(404);

    const unapplied = await get(`/api/v1/sites/${site.siteId}/ward-events?status=unapplied`);
    expect(unapplied).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          sourceEventId: readmission.sourceEventId,
          status: 'unapplied',
          outcome: 'unapplied',
          unappliedRule: 'readmission_follows_discharge',
          serviceUserId: expect.any(String),
          nhsNumber: null,
          attempts: 1,
        }),
        expect.objectContaining({
          sourceEventId: unknown.sourceEventId,
          unappliedRule: 'unknown_service_user',
          serviceUserId: null,
          nhsNumber: unknown.nhsNumber,
        }),
      ]),
    );
    // Only the site's coordinators (and admins) see them.
    await t.expect(403, 'GET', `/api/v1/sites/${site.siteId}/ward-events?status=unapplied`, {
      token: site.wardStaff.token,
    });
    expect(
      (await t.call('GET', `/api/v1/sites/${site.siteId}/ward-events?status=junk`, { token: coordinator() })).json(),
    ).toMatchObject({ status: 400 });

    // Discharged, then the readmission is sent again under the same id: tried again, now applied and kept.
    await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
      token: site.wardStaff.token,
      body: { dischargedOn: londonDate(-2) },
    });
    const applied = await t.expect(200, 'POST', EVENTS, { token: client.token, body: readmission });
    expect(applied).toMatchObject({
      outcome: 'readmission_recorded',
      episodeState: 'awaiting_pairing',
      duplicate: false,
    });
    const after = await get(`/api/v1/sites/${site.siteId}/ward-events?status=unapplied`);
    expect(after.map((e: { sourceEventId: string }) => e.sourceEventId)).not.toContain(readmission.sourceEventId);
    const [row] = await t.dataSource.query(
      `SELECT status, attempts, unapplied_rule FROM inbound_ward_events WHERE source_event_id = $1`,
      [readmission.sourceEventId],
    );
    expect(row).toEqual({ status: 'applied', attempts: 2, unapplied_rule: null });
  });

  it('refuses a second discharge of an episode already in the community, naming the rule', async () => {
    const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
    await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
      token: site.wardStaff.token,
      body: { dischargedOn: londonDate(-1) },
    });
    const again = await t.call('POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
      token: site.wardStaff.token,
      body: { dischargedOn: londonDate(0) },
    });
    expect({ status: again.statusCode, rule: again.json().rule }).toEqual({ status: 409, rule: 'already_discharged' });
  });
});
