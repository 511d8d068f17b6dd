import { randomUUID } from 'node:crypto';
import { FHIR_R4_SCHEMA, expectValidFhir } from '../support/fhir-schema';
import { discoverRoutes } from '../access/discover-routes';
import {
  deliverySite,
  DeliverySite,
  episodeInCommunity,
  hoursFromNow,
  peerWorkerAccount,
  wardMeeting,
} from '../support/builders';
import { TestApp } from '../support/test-app';
import { integrationClient } from './integration-fixtures';

const UK_CORE = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-';

/**
 * The must-support elements of each UK Core profile (UK Core R4, StructureDefinition differentials), split into
 * those ENRICH holds, which every resource of the type must carry in this scenario, and those it does not hold
 * (documented in docs/reference/fhir.md). Nested ones are checked on every item of their parent.
 */
const MUST_SUPPORT: Record<string, { held: string[]; notHeld: string[] }> = {
  Patient: {
    held: ['identifier', 'active', 'name', 'telecom', 'gender', 'birthDate', 'address', 'managingOrganization'],
    notHeld: [],
  },
  Practitioner: { held: ['name', 'telecom'], notHeld: ['identifier'] },
  PractitionerRole: {
    held: ['active', 'practitioner', 'organization', 'specialty', 'telecom'],
    notHeld: ['period', 'location'],
  },
  EpisodeOfCare: { held: ['status', 'patient', 'period', 'careManager'], notHeld: [] },
  CareTeam: { held: ['status', 'subject', 'participant', 'participant.role', 'participant.member'], notHeld: [] },
  Encounter: {
    held: ['status', 'class', 'subject', 'participant'],
    notHeld: ['identifier', 'reasonCode', 'reasonReference'],
  },
  Appointment: {
    held: ['status', 'appointmentType', 'start', 'participant'],
    notHeld: ['specialty', 'reasonCode', 'reasonReference', 'basedOn'],
  },
  CarePlan: { held: ['status', 'intent', 'category', 'subject'], notHeld: [] },
};

function missing(resource: Record<string, any>, path: string): boolean {
  const [head, ...rest] = path.split('.');
  const value = resource[head];
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return true;
  if (rest.length === 0) return false;
  return [value].flat().some((item) => missing(item, rest.join('.')));
}

describe('FHIR: UK Core profiles and must-support elements on every resource; FHIR refusals everywhere under /fhir/r4', () => {
  let t: TestApp;
  let site: DeliverySite;
  let token: string;
  let episodeId: string;
  let serviceUserId: string;
  let statement: any;

  const get = (url: string, as: string | undefined = token) =>
    t.app.inject({ method: 'GET', url, headers: as ? { authorization: `Bearer ${as}` } : {} });

  beforeAll(async () => {
    t = await TestApp.start();
    site = await deliverySite(t);
    const peer = await peerWorkerAccount(t, site);
    // Appointment runs through recruitment and training (tested there); here the peer worker simply is in post.
    await t.dataSource.query(`UPDATE peer_workers SET status = 'active' WHERE id = $1`, [peer.peerWorkerId]);
    episodeId = await episodeInCommunity(t, site, peer, 10);
    serviceUserId = (
      await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: site.coordinator.token })
    ).serviceUserId;
    await t.expect(200, 'PATCH', `/api/v1/service-users/${serviceUserId}`, {
      token: site.coordinator.token,
      body: { contact: { phone: '07700 900123', addressLines: ['1 Willow Road', 'Riverside'], postcode: 'RV1 2AB' } },
    });
    // A meeting still to come, so an Appointment is booked as well as fulfilled.
    await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
      token: peer.user.token,
      body: { ...wardMeeting(hoursFromNow(48)), mode: 'telephone', setting: 'online' },
    });
    ({ token } = await integrationClient(t, 'North Riverside EPR', [site.siteId]));
    statement = (await get('/fhir/r4/metadata', undefined)).json();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  describe('UK Core', () => {
    it('declares in the CapabilityStatement the UK Core profile of every type served (all have one)', () => {
      const resources: { type: string; profile?: string }[] = statement.rest[0].resource;
      expect(resources.map((r) => r.type).sort()).toEqual(Object.keys(MUST_SUPPORT).sort());
      for (const r of resources)
        expect({ type: r.type, profile: r.profile }).toEqual({ type: r.type, profile: `${UK_CORE}${r.type}` });
    });

    it('returns every type with its UK Core profile in meta.profile and each must-support element ENRICH holds, valid against R4', async () => {
      const problems: string[] = [];
      for (const type of Object.keys(MUST_SUPPORT)) {
        const response = await get(`/fhir/r4/${type}?_count=100`);
        expect({ type, status: response.statusCode }).toEqual({ type, status: 200 });
        const bundle = response.json();
        expectValidFhir(bundle);
        expect(bundle.meta.profile).toEqual([`${UK_CORE}Bundle`]);
        if (!bundle.entry?.length) problems.push(`${type}: none in the scenario`);
        for (const { resource } of bundle.entry ?? []) {
          expectValidFhir(resource);
          if (JSON.stringify(resource.meta?.profile) !== JSON.stringify([`${UK_CORE}${type}`]))
            problems.push(`${type}/${resource.id}: meta.profile ${JSON.stringify(resource.meta?.profile)}`);
          for (const element of MUST_SUPPORT[type].held)
            if (missing(resource, element)) problems.push(`${type}/${resource.id}: no ${element}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('states the NHS number verification status, and the contact details the service user gave', async () => {
      const patient = (await get(`/fhir/r4/Patient/${serviceUserId}`)).json();
      expect(patient.identifier[0].extension).toEqual([
        {
          url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
          valueCodeableConcept: {
            coding: [
              {
                system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
                code: '02',
                display: 'Number present but not traced',
              },
            ],
          },
        },
      ]);
      expect(patient.telecom).toEqual([{ system: 'phone', value: '07700 900123' }]);
      expect(patient.address).toEqual([{ use: 'home', line: ['1 Willow Road', 'Riverside'], postalCode: 'RV1 2AB' }]);
    });

    it('declares UK Core OperationOutcome on errors', async () => {
      const outcome = (await get(`/fhir/r4/Patient/${randomUUID()}`)).json();
      expectValidFhir(outcome);
      expect(outcome.meta.profile).toEqual([`${UK_CORE}OperationOutcome`]);
    });
  });

  describe('the CapabilityStatement against what the routes answer', () => {
    it('lists exactly the types with read and search routes, each answering read and search, and nothing else', async () => {
      const routed = new Set(
        discoverRoutes(t)
          .filter((r) => r.method === 'GET' && /^\/fhir\/r4\/[A-Z][A-Za-z]+(\/:id)?$/.test(r.url))
          .map((r) => r.url.split('/')[3]),
      );
      const listed: any[] = statement.rest[0].resource;
      expect(listed.map((r) => r.type).sort()).toEqual([...routed].sort());
      for (const r of listed) {
        expect(r.interaction).toEqual([{ code: 'read' }, { code: 'search-type' }]);
        expect((await get(`/fhir/r4/${r.type}?_count=1`)).statusCode).toBe(200);
        const byPost = await t.app.inject({
          method: 'POST',
          url: `/fhir/r4/${r.type}/_search`,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
          payload: '_count=1',
        });
        expect({ type: r.type, status: byPost.statusCode }).toEqual({ type: r.type, status: 200 });
        const unknown = (await get(`/fhir/r4/${r.type}/${randomUUID()}`)).json();
        expect({ type: r.type, code: unknown.issue[0].code }).toEqual({ type: r.type, code: 'not-found' });
      }
    });

    it('accepts every search parameter it lists, and refuses one it does not', async () => {
      const value = { reference: randomUUID(), date: 'ge2026-01-01', string: 'x', token: 'x' } as const;
      for (const r of statement.rest[0].resource) {
        for (const p of r.searchParam as { name: string; type: keyof typeof value }[]) {
          const v =
            p.name === '_sort'
              ? (r.searchParam.find((q: any) => q.type === 'date')?.name ?? 'date')
              : p.name === '_summary'
                ? 'count'
                : p.name === '_elements'
                  ? 'id'
                  : value[p.type];
          const response = await get(`/fhir/r4/${r.type}?${p.name}=${encodeURIComponent(v)}`);
          // A value this parameter does not know may be refused (400 naming it); the parameter itself never is.
          const refusedParameter =
            response.statusCode === 400 &&
            String(response.json().issue[0].diagnostics).includes('is not supported here');
          expect({ type: r.type, param: p.name, ok: response.statusCode < 500 && !refusedParameter }).toEqual({
            type: r.type,
            param: p.name,
            ok: true,
          });
        }
        const unlisted = await get(`/fhir/r4/${r.type}?_lastUpdated=ge2026-01-01`);
        expect({ type: r.type, status: unlisted.statusCode }).toEqual({ type: r.type, status: 400 });
      }
    });

    it('answers every R4 resource type it does not list with 404 not-supported', async () => {
      const listed = new Set(statement.rest[0].resource.map((r: { type: string }) => r.type));
      const others = Object.keys(FHIR_R4_SCHEMA.discriminator.mapping).filter((type) => !listed.has(type));
      expect(others.length).toBeGreaterThan(130);
      for (const type of others) {
        for (const url of [`/fhir/r4/${type}`, `/fhir/r4/${type}/${randomUUID()}`]) {
          const response = await get(url);
          expect({ url, status: response.statusCode, code: response.json().issue[0].code }).toEqual({
            url,
            status: 404,
            code: 'not-supported',
          });
        }
      }
    });
  });

  describe('refusals as OperationOutcome, never problem+json', () => {
    const id = randomUUID();
    const cases: [method: string, url: string, status: number][] = [
      ['GET', `/fhir/r4/Patient/${id}/y/z`, 404],
      ['GET', '/fhir/r4/Unknown', 404],
      ['GET', `/fhir/r4/Unknown/${id}`, 404],
      ['GET', `/fhir/r4/Unknown/${id}/deeper/still`, 404],
      ['GET', `/fhir/r4/Patient/${id}/$everything`, 404],
      ['GET', `/fhir/r4/Patient/${id}/%24everything`, 404],
      ['GET', '/fhir/r4/Patient/$everything', 404],
      ['GET', '/fhir/r4/$meta', 404],
      ['POST', '/fhir/r4/$export', 404],
      ['POST', `/fhir/r4/Patient/${id}/$validate`, 404],
      ['GET', '/fhir/r4', 404],
      ['GET', '/fhir/r4/', 404],
      ['GET', `/fhir/r4/Patient/${id}/_history/1/extra`, 404],
      ['GET', '/fhir/r4/metadata/extra', 404],
      ['HEAD', `/fhir/r4/Patient/${id}/y`, 404],
      ['POST', `/fhir/r4/Patient/${id}`, 405],
      ['PUT', `/fhir/r4/Patient/${id}/y`, 405],
      ['PATCH', '/fhir/r4/Patient', 405],
      ['DELETE', `/fhir/r4/Unknown/${id}/y/z`, 405],
      ['OPTIONS', '/fhir/r4/Patient', 405],
      ['POST', '/fhir/r4/metadata', 405],
      ['PUT', '/fhir/r4/metadata', 405],
      ['POST', '/fhir/r4/Patient', 405],
      ['DELETE', `/fhir/r4/Patient/${id}`, 405],
      ['GET', '/fhir/r4/_history', 405],
    ];

    it.each(cases)('%s %s → %i', async (method, url, status) => {
      const response = await t.app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
        payload: ['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(method) ? undefined : '{"resourceType":"Patient"}',
      });
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toContain('application/fhir+json');
      if (method === 'HEAD') return;
      const outcome = response.json();
      expectValidFhir(outcome);
      expect(outcome).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-supported' }] });
      if (url.includes('everything') || url.includes('$'))
        expect(outcome.issue[0].diagnostics).toMatch(/^Operation \$/);
    });

    it('asks for a token first where a route exists, and still answers FHIR without one', async () => {
      for (const url of ['/fhir/r4/Unknown', '/fhir/r4/Patient/$everything', `/fhir/r4/Patient/${id}/y/z`]) {
        const response = await get(url, undefined);
        expect(response.headers['content-type']).toContain('application/fhir+json');
        expect([401, 404]).toContain(response.statusCode);
        expect(response.json().resourceType).toBe('OperationOutcome');
      }
    });
  });
});
