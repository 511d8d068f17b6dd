import {
  deliverySite,
  DeliverySite,
  episodeInCommunity,
  heldDetails,
  hoursFromNow,
  pairedEpisode,
  peerWorkerAccount,
  wardMeeting,
} from '../support/builders';
import { expectValidFhir } from '../support/fhir-schema';
import { TestApp } from '../support/test-app';
import { integrationClient } from './integration-fixtures';

type FhirClient = {
  smartAuthMetadata(): Promise<{ tokenUrl?: URL | string }>;
  capabilityStatement(): Promise<any>;
  search(params: {
    resourceType: string;
    searchParams: Record<string, string | number>;
    options?: { postSearch?: boolean };
  }): Promise<any>;
  nextPage(params: { bundle: any }): Promise<any>;
  read(params: { resourceType: string; id: string }): Promise<any>;
  create(params: { resourceType: string; body: unknown }): Promise<any>;
  delete(params: { resourceType: string; id: string }): Promise<any>;
  history(params: { resourceType: string; id: string }): Promise<any>;
};

/** What fhir-kit-client throws on a non-2xx answer: the status and the parsed body. */
async function failure(promise: Promise<unknown>): Promise<{ status: number; body: any }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { response?: { status: number; data?: unknown } };
    return { status: e.response?.status ?? 0, body: e.response?.data };
  }
  throw new Error('Expected the FHIR client to reject');
}

describe('FHIR with an off-the-shelf client (fhir-kit-client) against the running app', () => {
  let t: TestApp;
  let site: DeliverySite;
  let base: string;
  let client: FhirClient;
  let episodeId: string;
  let serviceUserId: string;
  let communityEpisodeId: string;
  let token: string;
  const fhir = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } });

  beforeAll(async () => {
    const port = await TestApp.freePort();
    base = `http://127.0.0.1:${port}`;
    t = await TestApp.start({ PUBLIC_BASE_URL: base });
    site = await deliverySite(t);
    const peer = await peerWorkerAccount(t, site);
    episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
    serviceUserId = (
      await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: site.coordinator.token })
    ).serviceUserId;
    for (const hours of [-240, -120, -72]) {
      await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
        token: peer.user.token,
        body: wardMeeting(hoursFromNow(hours), { status: 'held', held: heldDetails(hours) }),
      });
    }
    communityEpisodeId = await episodeInCommunity(t, site, peer, 5);
    ({ token } = await integrationClient(t, 'North Riverside EPR', [site.siteId]));
    await t.listen(port);
    const { Client } = (await import('fhir-kit-client')) as unknown as {
      Client: new (config: { baseUrl: string; bearerToken?: string }) => FhirClient;
    };
    client = new Client({ baseUrl: `${base}/fhir/r4`, bearerToken: token });
  }, 90_000);
  afterAll(async () => {
    await t?.close();
  });

  it('discovers the token endpoint (SMART) and the capabilities', async () => {
    const auth = await client.smartAuthMetadata();
    expect(String(auth.tokenUrl)).toBe(`${base}/api/v1/auth/token`);
    const statement = await client.capabilityStatement();
    expectValidFhir(statement);
    expect(statement.rest[0].security.service[0].coding[0].code).toBe('SMART-on-FHIR');
  });

  it('searches by POST and pages through the results with the next link', async () => {
    const first = await client.search({
      resourceType: 'Encounter',
      searchParams: { patient: serviceUserId, _count: 2, _sort: '-date' },
      options: { postSearch: true },
    });
    expectValidFhir(first);
    expect(first.total).toBe(3);
    expect(first.entry).toHaveLength(2);
    const next = first.link.find((l: { relation: string }) => l.relation === 'next');
    expect(next.url.startsWith(`${base}/fhir/r4/Encounter?`)).toBe(true);
    const second = await client.nextPage({ bundle: first });
    expect(second.entry).toHaveLength(1);
    // Sorted newest first across both pages.
    const starts = [...first.entry, ...second.entry].map(
      (e: { resource: { period: { start: string } } }) => e.resource.period.start,
    );
    expect([...starts].sort().reverse()).toEqual(starts);
    for (const entry of [...first.entry, ...second.entry])
      expect(entry.resource.meta.profile).toEqual(['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Encounter']);
  });

  it('reads an EpisodeOfCare declaring its UK Core profile', async () => {
    const episode = await client.read({ resourceType: 'EpisodeOfCare', id: episodeId });
    expectValidFhir(episode);
    expect(episode.meta.profile).toEqual(['https://fhir.hl7.org.uk/StructureDefinition/UKCore-EpisodeOfCare']);
  });

  it('reads a CarePlan (the community plan) and finds it by a POST search', async () => {
    const plan = await client.read({ resourceType: 'CarePlan', id: communityEpisodeId });
    expectValidFhir(plan);
    expect(plan).toMatchObject({
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-CarePlan'] },
    });
    expect(plan.activity.length).toBeGreaterThan(0);
    expect(plan.activity.every((a: { detail: { status: string } }) => a.detail.status === 'scheduled')).toBe(true);
    const found = await client.search({
      resourceType: 'CarePlan',
      searchParams: { subject: plan.subject.reference, status: 'active' },
      options: { postSearch: true },
    });
    expectValidFhir(found);
    expect(found.total).toBe(1);
    expect(found.entry[0].resource.id).toBe(communityEpisodeId);
    // The episode still on the ward has no community plan: 404 OperationOutcome.
    const { status, body } = await failure(client.read({ resourceType: 'CarePlan', id: episodeId }));
    expect(status).toBe(404);
    expect(body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
  });

  it('gets a 405 OperationOutcome for a create, a delete and a history', async () => {
    const attempts = [
      () => client.create({ resourceType: 'Patient', body: { resourceType: 'Patient' } }),
      () => client.delete({ resourceType: 'Patient', id: serviceUserId }),
      () => client.history({ resourceType: 'Patient', id: serviceUserId }),
    ];
    for (const attempt of attempts) {
      const { status, body } = await failure(attempt());
      expect(status).toBe(405);
      expect(body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-supported' }] });
    }
  });

  describe('search features and errors as the FHIR specification defines them', () => {
    it('builds every link from PUBLIC_BASE_URL, whatever Host or X-Forwarded-Host say', async () => {
      const response = await fhir(`/fhir/r4/Encounter?patient=${serviceUserId}&_count=1`, {
        host: 'evil.example',
        'x-forwarded-host': 'evil.example',
      });
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain('evil.example');
      for (const link of response.json().link) expect(link.url.startsWith(`${base}/fhir/r4/`)).toBe(true);
    });

    it('answers _summary=count with the total only, and _summary=true / _elements with a SUBSETTED resource', async () => {
      const count = (await fhir(`/fhir/r4/Encounter?patient=${serviceUserId}&_summary=count`)).json();
      expect(count).toMatchObject({ total: 3 });
      expect(count.entry).toBeUndefined();
      const summary = (await fhir(`/fhir/r4/EpisodeOfCare?_id=${episodeId}&_summary=true`)).json();
      expectValidFhir(summary);
      expect(summary.entry[0].resource.meta.tag).toEqual([expect.objectContaining({ code: 'SUBSETTED' })]);
      const elements = (await fhir(`/fhir/r4/EpisodeOfCare?_id=${episodeId}&_elements=status`)).json();
      expectValidFhir(elements);
      expect(Object.keys(elements.entry[0].resource).sort()).toEqual([
        'id',
        'meta',
        'patient',
        'resourceType',
        'status',
      ]);
    });

    it('searches on a partial date (a month, a year) and with :not on a status', async () => {
      const month = new Date(Date.now() - 72 * 3600_000).toISOString().slice(0, 7);
      const byMonth = (await fhir(`/fhir/r4/Encounter?patient=${serviceUserId}&date=${month}`)).json();
      expect(byMonth.total).toBeGreaterThanOrEqual(1);
      expect((await fhir(`/fhir/r4/Encounter?patient=${serviceUserId}&date=2019`)).json().total).toBe(0);
      const notFulfilled = (await fhir(`/fhir/r4/Appointment?patient=${serviceUserId}&status:not=fulfilled`)).json();
      expect(notFulfilled.total).toBe(0);
      expect((await fhir(`/fhir/r4/Appointment?patient=${serviceUserId}&status:not=cancelled`)).json().total).toBe(3);
      expect((await fhir(`/fhir/r4/Appointment?_sort=status`)).statusCode).toBe(400);
    });

    it('finds a Patient by NHS number identifier, by GET and by a form-encoded POST', async () => {
      const [{ nhs_number: nhsNumber }] = await t.dataSource.query(
        `SELECT nhs_number FROM service_users WHERE id = $1`,
        [serviceUserId],
      );
      const identifier = `https://fhir.nhs.uk/Id/nhs-number|${nhsNumber}`;
      const byGet = (await fhir(`/fhir/r4/Patient?identifier=${encodeURIComponent(identifier)}`)).json();
      expect(byGet.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([serviceUserId]);
      const byPost = await t.app.inject({
        method: 'POST',
        url: '/fhir/r4/Patient/_search',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `identifier=${encodeURIComponent(identifier)}`,
      });
      expect(byPost.statusCode).toBe(200);
      expect(byPost.json().total).toBe(1);
    });

    it('answers 406 OperationOutcome to a request for XML, by Accept or by _format', async () => {
      for (const [url, headers] of [
        [`/fhir/r4/Patient/${serviceUserId}`, { accept: 'application/fhir+xml' }],
        ['/fhir/r4/metadata', { accept: 'application/xml' }],
        [`/fhir/r4/Patient?_format=xml`, {}],
      ] as const) {
        const response = await fhir(url, headers);
        expect({ url, status: response.statusCode }).toEqual({ url, status: 406 });
        expect(response.headers['content-type']).toContain('application/fhir+json');
        expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-supported' }] });
      }
      expect(
        (await fhir('/fhir/r4/metadata', { accept: 'application/fhir+json;q=0.9, application/fhir+xml' })).statusCode,
      ).toBe(200);
    });

    it('answers 405 OperationOutcome to an update, a type history and a batch', async () => {
      for (const [method, url] of [
        ['PUT', `/fhir/r4/Patient/${serviceUserId}`],
        ['GET', '/fhir/r4/Patient/_history'],
        ['POST', '/fhir/r4'],
      ] as const) {
        const response = await t.app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
          payload: method === 'GET' ? undefined : '{"resourceType":"Bundle"}',
        });
        expect({ method, url, status: response.statusCode }).toEqual({ method, url, status: 405 });
        expect(response.json().resourceType).toBe('OperationOutcome');
      }
    });

    it('publishes SMART configuration for backend services without a token', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/fhir/r4/.well-known/smart-configuration' });
      expect(response.json()).toMatchObject({
        token_endpoint: `${base}/api/v1/auth/token`,
        grant_types_supported: ['client_credentials'],
        scopes_supported: ['system/*.read'],
      });
    });
  });
});
