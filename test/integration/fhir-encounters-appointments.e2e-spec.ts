import {
  deliverySite,
  DeliverySite,
  heldDetails,
  hoursFromNow,
  pairedEpisode,
  PeerWorkerAccount,
  peerWorkerAccount,
  wardMeeting,
} from '../support/builders';
import { expectValidFhir } from '../support/fhir-schema';
import { TestApp } from '../support/test-app';
import { integrationClient } from './integration-fixtures';

type Entry = { resource: { id: string; status: string } };
const ids = (bundle: { entry?: Entry[] }) => (bundle.entry ?? []).map((e) => e.resource.id).sort();

describe('FHIR R4 Encounter (meetings held) and Appointment (meetings as planned)', () => {
  let t: TestApp;
  let site: DeliverySite;
  let peer: PeerWorkerAccount;
  let episodeId: string;
  let serviceUserId: string;
  let otherEpisodeId: string;
  let token: string;
  let otherTrustToken: string;
  const meetings: Record<string, { id: string; plannedStartAt: string }> = {};

  const fhir = (status: number, url: string, as: string = token) => t.expect(status, 'GET', url, { token: as });

  beforeAll(async () => {
    t = await TestApp.start();
    site = await deliverySite(t);
    peer = await peerWorkerAccount(t, site);
    episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
    serviceUserId = (
      await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: site.coordinator.token })
    ).serviceUserId;
    const record = (body: unknown) =>
      t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, { token: peer.user.token, body });
    // Ten days ago the first ward meeting was held; a telephone call was held three days ago.
    meetings.heldOnWard = await record(wardMeeting(hoursFromNow(-240), { status: 'held', held: heldDetails(-240) }));
    meetings.heldByPhone = await record({
      ...wardMeeting(hoursFromNow(-72), { status: 'held', held: heldDetails(-72) }),
      mode: 'telephone',
    });
    meetings.booked = await record(wardMeeting(hoursFromNow(48)));
    meetings.missed = await record(wardMeeting(hoursFromNow(72)));
    await t.expect(200, 'POST', `/api/v1/meetings/${meetings.missed.id}/missed`, {
      token: peer.user.token,
      body: { missedBy: 'service_user' },
    });
    meetings.cancelled = await record(wardMeeting(hoursFromNow(96)));
    await t.expect(200, 'POST', `/api/v1/meetings/${meetings.cancelled.id}/cancellation`, {
      token: peer.user.token,
      body: { cancelledBy: 'service_user', reason: 'Feeling unwell' },
    });
    meetings.moved = await record(wardMeeting(hoursFromNow(120)));
    meetings.replacement = await t.expect(200, 'POST', `/api/v1/meetings/${meetings.moved.id}/reschedule`, {
      token: peer.user.token,
      body: { plannedStartAt: hoursFromNow(144), reason: 'Ward round clash' },
    });

    const other = await deliverySite(t, 'South Downs');
    const otherPeer = await peerWorkerAccount(t, other);
    otherEpisodeId = await pairedEpisode(t, other, otherPeer.peerWorkerId);
    await t.expect(201, 'POST', `/api/v1/support-episodes/${otherEpisodeId}/meetings`, {
      token: otherPeer.user.token,
      body: wardMeeting(hoursFromNow(-100), { status: 'held', held: heldDetails(-100) }),
    });

    token = (await integrationClient(t, 'North Riverside EPR', [site.siteId])).token;
    otherTrustToken = (await integrationClient(t, 'South Downs EPR', [other.siteId])).token;
  }, 90_000);
  afterAll(async () => {
    await t?.close();
  });

  it('states Encounter and Appointment, with their search parameters, in the CapabilityStatement', async () => {
    const statement = (await t.call('GET', '/fhir/r4/metadata')).json();
    expectValidFhir(statement);
    const byType = Object.fromEntries(statement.rest[0].resource.map((r: { type: string }) => [r.type, r]));
    expect(Object.keys(byType).sort()).toEqual([
      'Appointment',
      'CarePlan',
      'CareTeam',
      'Encounter',
      'EpisodeOfCare',
      'Patient',
      'Practitioner',
      'PractitionerRole',
    ]);
    const params = (type: string) =>
      byType[type].searchParam.map((p: { name: string; type: string }) => `${p.name}:${p.type}`);
    expect(params('Encounter')).toEqual([
      'patient:reference',
      'episode-of-care:reference',
      'practitioner:reference',
      'date:date',
      '_id:token',
      '_summary:token',
      '_elements:string',
      '_sort:string',
    ]);
    expect(params('Appointment')).toEqual([
      'patient:reference',
      'practitioner:reference',
      'status:token',
      'date:date',
      '_id:token',
      '_summary:token',
      '_elements:string',
      '_sort:string',
    ]);
  });

  it('serves each held meeting as a finished Encounter: class from mode and setting (v3 ActCode), actual period, ward location, peer worker, episode and patient', async () => {
    const ward = await fhir(200, `/fhir/r4/Encounter/${meetings.heldOnWard.id}`);
    expectValidFhir(ward);
    const held = await t.expect(200, 'GET', `/api/v1/meetings/${meetings.heldOnWard.id}`, { token: peer.user.token });
    expect(ward).toMatchObject({
      resourceType: 'Encounter',
      id: meetings.heldOnWard.id,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      period: { start: new Date(held.actualStartAt).toISOString(), end: new Date(held.actualEndAt).toISOString() },
      subject: { reference: `Patient/${serviceUserId}` },
      episodeOfCare: [{ reference: `EpisodeOfCare/${episodeId}` }],
      participant: [
        { individual: { reference: `Practitioner/${peer.peerWorkerId}` }, type: [{ coding: [{ code: 'PPRF' }] }] },
      ],
      location: [
        {
          physicalType: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'wa' }],
          },
        },
      ],
      appointment: [{ reference: `Appointment/${meetings.heldOnWard.id}` }],
      length: { value: 60, unit: 'min' },
    });
    const phone = await fhir(200, `/fhir/r4/Encounter/${meetings.heldByPhone.id}`);
    expectValidFhir(phone);
    expect(phone.class.code).toBe('VR');
    // A meeting not held is no Encounter.
    await fhir(404, `/fhir/r4/Encounter/${meetings.booked.id}`);
  });

  it('searches Encounters by episode of care and a date range, and by patient', async () => {
    const all = await fhir(200, `/fhir/r4/Encounter?episode-of-care=EpisodeOfCare/${episodeId}`);
    expectValidFhir(all);
    expect(ids(all)).toEqual([meetings.heldOnWard.id, meetings.heldByPhone.id].sort());
    const fiveDaysAgo = hoursFromNow(-120).slice(0, 10);
    const recent = await fhir(
      200,
      `/fhir/r4/Encounter?episode-of-care=${episodeId}&date=ge${fiveDaysAgo}&date=le${hoursFromNow(0).slice(0, 10)}`,
    );
    expectValidFhir(recent);
    expect(ids(recent)).toEqual([meetings.heldByPhone.id]);
    // The paging links keep both date bounds.
    expect(recent.link[0].url).toContain(`date=ge${fiveDaysAgo}&date=le`);
    const older = await fhir(200, `/fhir/r4/Encounter?episode-of-care=${episodeId}&date=lt${fiveDaysAgo}`);
    expect(ids(older)).toEqual([meetings.heldOnWard.id]);
    const byPatient = await fhir(200, `/fhir/r4/Encounter?patient=Patient/${serviceUserId}`);
    expectValidFhir(byPatient);
    expect(byPatient.total).toBe(2);
    const outcome = await t.call('GET', `/fhir/r4/Encounter?date=sa2026-01-01`, { token });
    expect(outcome.statusCode).toBe(400);
    expectValidFhir(outcome.json());
    expect(outcome.json().issue[0].expression).toEqual(['date']);
  });

  it('serves every meeting as an Appointment: booked, fulfilled, noshow, cancelled, and a reschedule cancelled with a note of its replacement', async () => {
    const statusOf = async (id: string) => {
      const appointment = await fhir(200, `/fhir/r4/Appointment/${id}`);
      expectValidFhir(appointment);
      return appointment;
    };
    const booked = await statusOf(meetings.booked.id);
    expect(booked).toMatchObject({
      status: 'booked',
      start: new Date(meetings.booked.plannedStartAt).toISOString(),
      end: new Date(new Date(meetings.booked.plannedStartAt).getTime() + 3_600_000).toISOString(),
      minutesDuration: 60,
      participant: [
        { actor: { reference: `Patient/${serviceUserId}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/${peer.peerWorkerId}` }, status: 'accepted' },
      ],
    });
    expect((await statusOf(meetings.heldOnWard.id)).status).toBe('fulfilled');
    expect((await statusOf(meetings.missed.id)).status).toBe('noshow');
    const cancelled = await statusOf(meetings.cancelled.id);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancelationReason: { text: 'Cancelled by the service user' },
    });
    expect(cancelled.participant[0].status).toBe('declined');
    // The free-text reason stays in ENRICH.
    expect(JSON.stringify(cancelled)).not.toContain('Feeling unwell');
    const moved = await statusOf(meetings.moved.id);
    expect(moved).toMatchObject({
      status: 'cancelled',
      comment: `Rescheduled: replaced by Appointment/${meetings.replacement.id}`,
    });
    expect((await statusOf(meetings.replacement.id)).comment).toBe(`Rescheduled from Appointment/${meetings.moved.id}`);
  });

  it('searches Appointments by patient and date, and by status', async () => {
    const upcoming = await fhir(
      200,
      `/fhir/r4/Appointment?patient=${serviceUserId}&date=ge${hoursFromNow(24).slice(0, 10)}`,
    );
    expectValidFhir(upcoming);
    expect(ids(upcoming)).toEqual(
      [
        meetings.booked.id,
        meetings.missed.id,
        meetings.cancelled.id,
        meetings.moved.id,
        meetings.replacement.id,
      ].sort(),
    );
    const booked = await fhir(200, `/fhir/r4/Appointment?patient=Patient/${serviceUserId}&status=booked`);
    expect(ids(booked)).toEqual([meetings.booked.id, meetings.replacement.id].sort());
    expect((await fhir(200, `/fhir/r4/Appointment?patient=${serviceUserId}`)).total).toBe(7);
    await fhir(400, `/fhir/r4/Appointment?status=arrived`);
  });

  it("keeps an integration client to its Trust: another Trust's meetings are 404 and never found, and every read is audited", async () => {
    await fhir(404, `/fhir/r4/Encounter/${meetings.heldOnWard.id}`, otherTrustToken);
    await fhir(404, `/fhir/r4/Appointment/${meetings.booked.id}`, otherTrustToken);
    expect((await fhir(200, `/fhir/r4/Encounter?episode-of-care=${episodeId}`, otherTrustToken)).total).toBe(0);
    expect((await fhir(200, `/fhir/r4/Encounter?episode-of-care=${otherEpisodeId}`)).total).toBe(0);
    expect((await fhir(200, '/fhir/r4/Encounter', otherTrustToken)).total).toBe(1);
    const audit = await t.dataSource.query(
      `SELECT action, resource_type FROM audit_events WHERE service_user_id = $1 AND action LIKE 'fhir.%'`,
      [serviceUserId],
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'fhir.read', resource_type: 'Encounter' },
        { action: 'fhir.read', resource_type: 'Appointment' },
        { action: 'fhir.Encounter.list', resource_type: 'fhir.Encounter' },
        { action: 'fhir.Appointment.list', resource_type: 'fhir.Appointment' },
      ]),
    );
  });
});
