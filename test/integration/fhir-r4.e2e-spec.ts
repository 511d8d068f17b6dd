import { Role } from '../../src/common/auth/role';
import type { Actor } from '../../src/common/auth/actor';
import { SupportEpisodesService } from '../../src/episodes/support-episodes.service';
import { NHS_NUMBER_SYSTEM } from '../../src/integration/fhir/fhir-vocabulary';
import { nhsNumber as freshNhsNumber, referralBody, registerServiceUser } from '../support/builders';
import { expectValidFhir, FHIR_R4_SCHEMA, fhirSchemaErrors } from '../support/fhir-schema';
import { TestApp, TestUser } from '../support/test-app';

describe('FHIR R4 read interface (/fhir/r4, UK Core conventions)', () => {
  let t: TestApp;
  let siteId: string;
  let otherSiteId: string;
  let coordinator: TestUser;
  let integrationToken: string;
  let peerWorkerId: string;
  let wardId: string;
  let nhsNumber: string;
  let pairedServiceUserId: string;
  let pairedEpisodeId: string;
  let referredEpisodeId: string;
  let otherSiteServiceUserId: string;

  const fhir = (status: number, url: string, token: string | undefined = integrationToken) =>
    t.expect(status, 'GET', url, { token });

  beforeAll(async () => {
    t = await TestApp.start();
    siteId = await t.createSite('North Riverside Mental Health NHS Foundation Trust');
    otherSiteId = await t.createSite('South Downs Partnership NHS Trust');
    coordinator = await t.createUser([Role.Coordinator], [siteId]);
    const otherCoordinator = await t.createUser([Role.Coordinator], [otherSiteId]);
    await t.expect(200, 'PUT', `/api/v1/sites/${siteId}/coordinator`, {
      token: t.adminToken,
      body: { coordinatorUserId: coordinator.id },
    });
    wardId = (
      await t.expect(201, 'POST', `/api/v1/sites/${siteId}/wards`, {
        token: t.adminToken,
        body: { name: 'Willow Ward' },
      })
    ).id;

    const peerWorker = await t.expect(201, 'POST', '/api/v1/peer-workers', {
      token: coordinator.token,
      body: { siteId, displayName: 'Sam Okafor', email: 'sam.okafor@nhs.test' },
    });
    peerWorkerId = peerWorker.id;
    // Appointment runs through recruitment and training (tested there); here the peer worker simply is in post.
    await t.dataSource.query(`UPDATE peer_workers SET status = 'active' WHERE id = $1`, [peerWorkerId]);

    pairedServiceUserId = await registerServiceUser(t, coordinator.token, siteId, { wardId });
    nhsNumber = (
      await t.expect(200, 'GET', `/api/v1/service-users/${pairedServiceUserId}`, { token: coordinator.token })
    ).nhsNumber;
    pairedEpisodeId = (
      await t.expect(201, 'POST', '/api/v1/support-episodes', {
        token: coordinator.token,
        body: referralBody(pairedServiceUserId),
      })
    ).id;
    await t.expect(200, 'POST', `/api/v1/support-episodes/${pairedEpisodeId}/allocation`, { token: coordinator.token });
    const asCoordinator: Actor = {
      kind: 'user',
      id: coordinator.id,
      roles: [Role.Coordinator],
      siteIds: [siteId],
      requestId: 'test',
    };
    // Pairing is its own area; drive it through the service method it will call.
    await t.app
      .get(SupportEpisodesService)
      .transition(asCoordinator, pairedEpisodeId, 'paired', { peerWorkerId, reason: 'Paired' });

    const referredServiceUserId = await registerServiceUser(t, coordinator.token, siteId);
    referredEpisodeId = (
      await t.expect(201, 'POST', '/api/v1/support-episodes', {
        token: coordinator.token,
        body: referralBody(referredServiceUserId),
      })
    ).id;

    otherSiteServiceUserId = await registerServiceUser(t, otherCoordinator.token, otherSiteId);
    await t.expect(201, 'POST', '/api/v1/support-episodes', {
      token: otherCoordinator.token,
      body: referralBody(otherSiteServiceUserId),
    });

    const client = await t.expect(201, 'POST', '/api/v1/integration-clients', {
      token: t.adminToken,
      body: { name: 'North Riverside EPR', siteIds: [siteId] },
    });
    integrationToken = (
      await t.expect(200, 'POST', '/api/v1/auth/token', {
        body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
      })
    ).access_token;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('validates against the official R4 schema (draft-06, all 146 R4 resource types, nothing added)', () => {
    expect(FHIR_R4_SCHEMA.$schema).toBe('http://json-schema.org/draft-06/schema#');
    expect(FHIR_R4_SCHEMA.id).toBe('http://hl7.org/fhir/json-schema/4.0');
    expect(Object.keys(FHIR_R4_SCHEMA.discriminator.mapping)).toHaveLength(146);
    // The validator is not a rubber stamp: a wrong gender code and an unknown element are refused.
    expect(fhirSchemaErrors({ resourceType: 'Patient', gender: 'nonbinary' } as never)).not.toEqual([]);
    expect(fhirSchemaErrors({ resourceType: 'Patient', nhsNumber: '1' } as never)).not.toEqual([]);
  });

  it('serves a public CapabilityStatement stating exactly the resources, interactions and searches supported', async () => {
    const response = await t.call('GET', '/fhir/r4/metadata');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/fhir+json');
    const statement = response.json();
    expectValidFhir(statement);
    expect(statement).toMatchObject({
      resourceType: 'CapabilityStatement',
      fhirVersion: '4.0.1',
      kind: 'instance',
      format: ['json'],
    });
    const resources = statement.rest[0].resource;
    expect(resources.map((r: { type: string }) => r.type).sort()).toEqual([
      'Appointment',
      'CarePlan',
      'CareTeam',
      'Encounter',
      'EpisodeOfCare',
      'Patient',
      'Practitioner',
      'PractitionerRole',
    ]);
    for (const r of resources) expect(r.interaction).toEqual([{ code: 'read' }, { code: 'search-type' }]);
    const patient = resources.find((r: { type: string }) => r.type === 'Patient');
    expect(patient.searchParam.map((p: { name: string }) => p.name)).toEqual([
      'identifier',
      '_id',
      '_summary',
      '_elements',
    ]);
  });

  it('lives at /fhir/r4, not under /api/v1', async () => {
    await t.expect(404, 'GET', '/api/v1/fhir/r4/metadata');
  });

  it('finds the patient by NHS number (system|value) and returns a valid searchset Bundle with the UK Core identifier', async () => {
    const bundle = await fhir(
      200,
      `/fhir/r4/Patient?identifier=${encodeURIComponent(`${NHS_NUMBER_SYSTEM}|${nhsNumber}`)}`,
    );
    expectValidFhir(bundle);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(bundle.link[0].relation).toBe('self');
    const patient = bundle.entry[0].resource;
    expectValidFhir(patient);
    expect(patient).toMatchObject({
      resourceType: 'Patient',
      id: pairedServiceUserId,
      identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhsNumber }],
      name: [{ use: 'official', family: 'Bloggs', given: ['Jo'] }],
      gender: 'male',
      birthDate: '1985-02-11',
    });
    expect(bundle.entry[0].fullUrl).toMatch(new RegExp(`/fhir/r4/Patient/${pairedServiceUserId}$`));
    // The bare number works too; another identifier system matches nobody.
    expect((await fhir(200, `/fhir/r4/Patient?identifier=${nhsNumber}`)).total).toBe(1);
    expect(
      (await fhir(200, `/fhir/r4/Patient?identifier=${encodeURIComponent(`https://example.org/mrn|${nhsNumber}`)}`))
        .total,
    ).toBe(0);
  });

  it('reads a Patient by id as application/fhir+json, and audits the read against the service user', async () => {
    const response = await t.call('GET', `/fhir/r4/Patient/${pairedServiceUserId}`, { token: integrationToken });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/fhir+json');
    expectValidFhir(response.json());
    const audit = await t.dataSource.query(
      `SELECT actor_kind FROM audit_events WHERE action = 'fhir.read' AND resource_type = 'Patient' AND service_user_id = $1`,
      [pairedServiceUserId],
    );
    expect(audit).toEqual([{ actor_kind: 'client' }]);
  });

  it('maps the support episode to an EpisodeOfCare: active once paired, the peer worker as care manager, the Trust by ODS code', async () => {
    const bundle = await fhir(200, `/fhir/r4/EpisodeOfCare?patient=Patient/${pairedServiceUserId}`);
    expectValidFhir(bundle);
    expect(bundle.total).toBe(1);
    const episode = bundle.entry[0].resource;
    expectValidFhir(episode);
    expect(episode).toMatchObject({
      id: pairedEpisodeId,
      status: 'active',
      patient: { reference: `Patient/${pairedServiceUserId}` },
      careManager: { reference: `Practitioner/${peerWorkerId}` },
      managingOrganization: {
        identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code' },
        display: 'North Riverside Mental Health NHS Foundation Trust',
      },
      period: { start: '2026-11-05' },
      team: [{ reference: `CareTeam/${pairedEpisodeId}` }],
    });
    const referred = await fhir(200, `/fhir/r4/EpisodeOfCare/${referredEpisodeId}`);
    expectValidFhir(referred);
    expect(referred.status).toBe('planned');
    expect(referred.careManager).toBeUndefined();
    const planned = await fhir(200, '/fhir/r4/EpisodeOfCare?status=planned');
    expect(planned.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([referredEpisodeId]);
  });

  it('gives the CareTeam: service user, peer worker, coordinator and ward team', async () => {
    const team = await fhir(200, `/fhir/r4/CareTeam/${pairedEpisodeId}`);
    expectValidFhir(team);
    expect(team.status).toBe('active');
    expect(team.participant.map((p: { role: { text: string }[] }) => p.role[0].text)).toEqual([
      'Service user',
      'Peer worker',
      'Peer Worker Coordinator',
      'Ward team',
    ]);
    expect(team.participant[1].member).toEqual({ reference: `Practitioner/${peerWorkerId}`, display: 'Sam Okafor' });
    expect(team.participant[3].member).toEqual({ display: 'Willow Ward' });
    const bundle = await fhir(200, `/fhir/r4/CareTeam?patient=${pairedServiceUserId}`);
    expectValidFhir(bundle);
    expect(bundle.total).toBe(1);
  });

  it('serves the peer worker as Practitioner and PractitionerRole', async () => {
    const practitioner = await fhir(200, `/fhir/r4/Practitioner/${peerWorkerId}`);
    expectValidFhir(practitioner);
    expect(practitioner).toMatchObject({
      active: true,
      name: [{ text: 'Sam Okafor' }],
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Practitioner'] },
    });
    // The email on the peer worker record is the applicant's own, from the recruitment form: never a work contact.
    expect(JSON.stringify(practitioner)).not.toContain('sam.okafor@nhs.test');
    // Once they have a work (ENRICH) account, its email is their work contact.
    const account = await t.createUser([Role.PeerWorker], [siteId]);
    await t.dataSource.query(`UPDATE peer_workers SET user_id = $1 WHERE id = $2`, [account.id, peerWorkerId]);
    const linked = await fhir(200, `/fhir/r4/Practitioner/${peerWorkerId}`);
    expect(linked.telecom).toEqual([{ system: 'email', value: account.email, use: 'work' }]);
    await t.dataSource.query(`UPDATE peer_workers SET user_id = NULL WHERE id = $1`, [peerWorkerId]);
    const role = await fhir(200, `/fhir/r4/PractitionerRole/${peerWorkerId}`);
    expectValidFhir(role);
    expect(role.practitioner.reference).toBe(`Practitioner/${peerWorkerId}`);
    for (const url of [
      '/fhir/r4/Practitioner?name=okafor',
      `/fhir/r4/PractitionerRole?practitioner=Practitioner/${peerWorkerId}`,
    ]) {
      const bundle = await fhir(200, url);
      expectValidFhir(bundle);
      expect(bundle.total).toBe(1);
    }
  });

  it('pages with _count: total, self and next links, and the next page holds the rest', async () => {
    for (let i = 0; i < 3; i++) await registerServiceUser(t, coordinator.token, siteId);
    const first = await fhir(200, '/fhir/r4/Patient?_count=2');
    expectValidFhir(first);
    expect(first.total).toBe(5);
    expect(first.entry).toHaveLength(2);
    const next = first.link.find((l: { relation: string }) => l.relation === 'next');
    expect(next.url).toContain('_offset=2');
    const url = new URL(next.url);
    const second = await fhir(200, `${url.pathname}${url.search}`);
    expectValidFhir(second);
    const third = await fhir(200, `${url.pathname}${url.search.replace('_offset=2', '_offset=4')}`);
    expect(third.entry).toHaveLength(1);
    expect(third.link.some((l: { relation: string }) => l.relation === 'next')).toBe(false);
    const ids = [...first.entry, ...second.entry, ...third.entry].map(
      (e: { resource: { id: string } }) => e.resource.id,
    );
    expect(new Set(ids).size).toBe(5);
  });

  it("keeps an integration client to its own Trust: another site's patient is 404 and never in a search", async () => {
    const outcome = await t.call('GET', `/fhir/r4/Patient/${otherSiteServiceUserId}`, { token: integrationToken });
    expect(outcome.statusCode).toBe(404);
    expect(outcome.headers['content-type']).toContain('application/fhir+json');
    expectValidFhir(outcome.json());
    expect(outcome.json().issue[0].code).toBe('not-found');
    const all = await fhir(200, '/fhir/r4/Patient?_count=100');
    expect(all.entry.map((e: { resource: { id: string } }) => e.resource.id)).not.toContain(otherSiteServiceUserId);
    expect((await fhir(200, `/fhir/r4/EpisodeOfCare?patient=${otherSiteServiceUserId}`)).total).toBe(0);
    // The admin sees both Trusts.
    expectValidFhir(await fhir(200, `/fhir/r4/Patient/${otherSiteServiceUserId}`, t.adminToken));
  });

  it('answers errors as valid OperationOutcomes: 400 bad search, 401, 403, 404 unknown id and unsupported type', async () => {
    const cases: [number, string, string | undefined, string][] = [
      [400, '/fhir/r4/Patient?birthdate=1985-02-11', integrationToken, 'invalid'],
      [400, '/fhir/r4/Patient?_count=1000', integrationToken, 'invalid'],
      [400, '/fhir/r4/EpisodeOfCare?status=busy', integrationToken, 'invalid'],
      [401, '/fhir/r4/Patient', undefined, 'login'],
      [403, '/fhir/r4/Patient', (await t.createUser([Role.PeerWorker], [siteId])).token, 'forbidden'],
      [404, `/fhir/r4/Patient/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, integrationToken, 'not-found'],
      [404, '/fhir/r4/Patient/not-a-uuid', integrationToken, 'not-found'],
      [404, '/fhir/r4/Observation', integrationToken, 'not-supported'],
    ];
    for (const [status, url, token, code] of cases) {
      const response = await t.call('GET', url, { token });
      expect({ url, status: response.statusCode, type: response.headers['content-type'] }).toEqual({
        url,
        status,
        type: 'application/fhir+json; charset=utf-8',
      });
      expectValidFhir(response.json());
      expect({ url, code: response.json().issue[0].code }).toEqual({ url, code });
    }
  });

  it('lets a coordinator read their own site and nothing else', async () => {
    expectValidFhir(await fhir(200, `/fhir/r4/EpisodeOfCare/${pairedEpisodeId}`, coordinator.token));
    await fhir(404, `/fhir/r4/Patient/${otherSiteServiceUserId}`, coordinator.token);
  });

  it('does not serve a patient it has never heard of', async () => {
    expect((await fhir(200, `/fhir/r4/Patient?identifier=${freshNhsNumber()}`)).total).toBe(0);
  });
});
