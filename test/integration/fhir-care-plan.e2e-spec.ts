import {
  deliverySite,
  DeliverySite,
  episodeInCommunity,
  heldDetails,
  hoursFromNow,
  londonDate,
  pairedEpisode,
  peerWorkerAccount,
  PeerWorkerAccount,
} from '../support/builders';
import { expectValidFhir } from '../support/fhir-schema';
import { TestApp } from '../support/test-app';
import { integrationClient } from './integration-fixtures';

interface RestContact {
  id: string;
  sequence: number;
  status: string;
  dueOn: string;
  windowStartsOn: string;
  windowEndsOn: string;
  ownerPeerWorkerId: string | null;
  meetingId: string | null;
}

const CARE_PLAN_PROFILE = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-CarePlan';

describe('FHIR CarePlan: the community plan, one activity per planned contact', () => {
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;
  let token: string;
  let otherSiteToken: string;
  /** Contact 1 held by a meeting, contact 2 missed, the rest planned. */
  let followedId: string;
  /** Readmitted: contacts due from the readmission suspended. */
  let readmittedId: string;
  /** Ended (disengaged): the outstanding contacts cancelled. */
  let endedId: string;
  /** Paired, still on the ward: no community plan yet. */
  let noPlanId: string;

  const fhir = (status: number, url: string, as = token) => t.expect(status, 'GET', url, { token: as });
  const contactsOf = async (episodeId: string): Promise<RestContact[]> =>
    (
      await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/community-plan`, {
        token: site.coordinator.token,
      })
    ).contacts;
  const serviceUserOf = async (episodeId: string): Promise<string> =>
    (await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: site.coordinator.token }))
      .serviceUserId;

  beforeAll(async () => {
    t = await TestApp.start();
    site = await deliverySite(t);
    peer = await peerWorkerAccount(t, site);

    followedId = await episodeInCommunity(t, site, peer, 20);
    // A telephone contact held two weeks ago fulfils the first outstanding contact.
    await t.expect(201, 'POST', `/api/v1/support-episodes/${followedId}/meetings`, {
      token: peer.user.token,
      body: {
        mode: 'telephone',
        setting: 'online',
        plannedStartAt: hoursFromNow(-24 * 14),
        plannedDurationMinutes: 60,
        status: 'held',
        held: heldDetails(-24 * 14),
      },
    });
    const contacts = await contactsOf(followedId);
    await t.expect(200, 'POST', `/api/v1/planned-contacts/${contacts[1].id}/outcome`, {
      token: peer.user.token,
      body: { outcome: 'missed' },
    });

    readmittedId = await episodeInCommunity(t, site, peer, 5);
    await t.expect(200, 'POST', `/api/v1/support-episodes/${readmittedId}/readmission`, {
      token: site.coordinator.token,
      body: { readmittedOn: londonDate(-1) },
    });

    endedId = await episodeInCommunity(t, site, peer, 3);
    await t.expect(200, 'POST', `/api/v1/support-episodes/${endedId}/ending`, {
      token: site.coordinator.token,
      body: { endingReason: 'disengaged', note: 'No contact for six weeks' },
    });

    noPlanId = await pairedEpisode(t, site, peer.peerWorkerId);

    ({ token } = await integrationClient(t, 'North Riverside EPR', [site.siteId]));
    const otherSite = await t.createSite('South Downs');
    ({ token: otherSiteToken } = await integrationClient(t, 'South Downs EPR', [otherSite]));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('reads the plan as a valid UK Core CarePlan: status, intent, subject, category, period, the version', async () => {
    const plan = await fhir(200, `/fhir/r4/CarePlan/${followedId}`);
    expectValidFhir(plan);
    expect(plan).toMatchObject({
      resourceType: 'CarePlan',
      id: followedId,
      meta: { profile: [CARE_PLAN_PROFILE] },
      status: 'active',
      intent: 'plan',
      subject: { reference: `Patient/${await serviceUserOf(followedId)}` },
      careTeam: [{ reference: `CareTeam/${followedId}` }],
      supportingInfo: [{ reference: `EpisodeOfCare/${followedId}` }],
      period: { start: londonDate(-20) },
    });
    expect(plan.category[0].text).toContain('step-down');
    expect(Number(plan.meta.versionId)).toBeGreaterThan(0);
    expect(Date.parse(plan.meta.lastUpdated)).not.toBeNaN();
  });

  it('lists every planned contact in order as an activity: status mapped, window, performer, the meeting that fulfilled it', async () => {
    const contacts = await contactsOf(followedId);
    const plan = await fhir(200, `/fhir/r4/CarePlan/${followedId}`);
    expect(plan.activity).toHaveLength(contacts.length);
    const expected: Record<string, string> = {
      planned: 'scheduled',
      held: 'completed',
      missed: 'cancelled',
      suspended: 'on-hold',
      cancelled: 'cancelled',
    };
    plan.activity.forEach((activity: any, i: number) => {
      const contact = contacts[i];
      expect(activity.detail).toMatchObject({
        kind: 'Appointment',
        status: expected[contact.status],
        scheduledPeriod: { start: contact.windowStartsOn, end: contact.windowEndsOn },
        performer: [{ reference: `Practitioner/${contact.ownerPeerWorkerId}` }],
      });
      expect(activity.detail.description).toContain(`due ${contact.dueOn}`);
    });
    expect(contacts.slice(0, 3).map((c) => c.status)).toEqual(['held', 'missed', 'planned']);
    expect(plan.activity[1].detail.statusReason.text).toMatch(/^Missed/);
    expect(contacts[0].meetingId).not.toBeNull();
    expect(plan.activity[0].outcomeReference).toEqual([{ reference: `Encounter/${contacts[0].meetingId}` }]);
  });

  it('maps a readmission to on-hold with suspended (on-hold) activities, and an ending to revoked with cancelled ones', async () => {
    const readmitted = await fhir(200, `/fhir/r4/CarePlan/${readmittedId}`);
    expectValidFhir(readmitted);
    expect(readmitted.status).toBe('on-hold');
    const suspended = (await contactsOf(readmittedId)).filter((c) => c.status === 'suspended').length;
    expect(suspended).toBeGreaterThan(0);
    expect(readmitted.activity.filter((a: any) => a.detail.status === 'on-hold')).toHaveLength(suspended);

    const ended = await fhir(200, `/fhir/r4/CarePlan/${endedId}`);
    expectValidFhir(ended);
    expect(ended.status).toBe('revoked');
    expect(ended.activity.every((a: any) => a.detail.status === 'cancelled')).toBe(true);
    expect(ended.period.end).toBeDefined();
    // The free-text reasons recorded in ENRICH are never sent.
    expect(JSON.stringify(ended)).not.toContain('No contact for six weeks');
    expect(JSON.stringify(ended)).not.toContain('disengaged');
  });

  it('raises meta.versionId when the plan moves', async () => {
    const before = Number((await fhir(200, `/fhir/r4/CarePlan/${followedId}`)).meta.versionId);
    const [, , third] = await contactsOf(followedId);
    await t.expect(200, 'POST', `/api/v1/planned-contacts/${third.id}/outcome`, {
      token: peer.user.token,
      body: { outcome: 'held' },
    });
    const after = await fhir(200, `/fhir/r4/CarePlan/${followedId}`);
    expect(Number(after.meta.versionId)).toBeGreaterThan(before);
    expect(after.activity[2].detail.status).toBe('completed');
  });

  it('has no CarePlan for an episode without a community plan, nor for another Trust', async () => {
    const none = await fhir(404, `/fhir/r4/CarePlan/${noPlanId}`);
    expect(none.resourceType).toBe('OperationOutcome');
    await fhir(404, `/fhir/r4/CarePlan/${followedId}`, otherSiteToken);
    expect((await fhir(200, '/fhir/r4/CarePlan', otherSiteToken)).total).toBe(0);
    await fhir(404, '/fhir/r4/CarePlan/not-a-uuid');
  });

  it('searches by patient, subject, status (and :not) and _id, refusing an unknown status', async () => {
    const all = await fhir(200, '/fhir/r4/CarePlan');
    expectValidFhir(all);
    expect(all.entry.map((e: any) => e.resource.id).sort()).toEqual([followedId, readmittedId, endedId].sort());
    const patient = await serviceUserOf(readmittedId);
    for (const query of [`patient=${patient}`, `subject=Patient/${patient}`, 'status=on-hold'])
      expect((await fhir(200, `/fhir/r4/CarePlan?${query}`)).entry.map((e: any) => e.resource.id)).toEqual([
        readmittedId,
      ]);
    expect((await fhir(200, '/fhir/r4/CarePlan?patient=Practitioner/x')).total).toBe(0);
    expect((await fhir(200, '/fhir/r4/CarePlan?status=active,revoked')).total).toBe(2);
    expect(
      (await fhir(200, '/fhir/r4/CarePlan?status:not=active')).entry.map((e: any) => e.resource.id).sort(),
    ).toEqual([readmittedId, endedId].sort());
    expect((await fhir(200, `/fhir/r4/CarePlan?_id=${endedId},${noPlanId}`)).total).toBe(1);
    const refused = await fhir(400, '/fhir/r4/CarePlan?status=draft');
    expect(refused.issue[0]).toMatchObject({ code: 'invalid', expression: ['status'] });
    await fhir(400, '/fhir/r4/CarePlan?date=2026');
  });

  it('is read by coordinators of the site, not by peer workers; audited with the service user', async () => {
    await fhir(200, `/fhir/r4/CarePlan/${followedId}`, site.coordinator.token);
    await fhir(403, `/fhir/r4/CarePlan/${followedId}`, peer.user.token);
    const [audit] = await t.dataSource.query(
      `SELECT service_user_id FROM audit_events WHERE action = 'fhir.read' AND resource_type = 'CarePlan' AND resource_id = $1 LIMIT 1`,
      [followedId],
    );
    expect(audit.service_user_id).toBe(await serviceUserOf(followedId));
  });

  it('is stated in the CapabilityStatement with exactly its search parameters and the UK Core profile', async () => {
    const statement = (await t.call('GET', '/fhir/r4/metadata')).json();
    const carePlan = statement.rest[0].resource.find((r: { type: string }) => r.type === 'CarePlan');
    expect(carePlan.profile).toBe(CARE_PLAN_PROFILE);
    expect(carePlan.searchParam.map((p: { name: string }) => p.name)).toEqual([
      'patient',
      'subject',
      'status',
      '_id',
      '_summary',
      '_elements',
    ]);
  });
});
