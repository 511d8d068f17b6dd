import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createEnrichClient, type EnrichClient } from '../../client';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { typeNullableProperties } from '../../src/openapi/nullable-types';
import { OPENAPI_FILE, renderOpenApi } from '../../src/openapi/openapi-file';
import { nhsNumber } from '../support/builders';
import { ADMIN_EMAIL, ADMIN_PASSWORD, TestApp } from '../support/test-app';

describe('OpenAPI document and the typed client', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await TestApp.start();
    baseUrl = await t.listen();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("has a committed openapi.json equal to the running app's document", () => {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    const running = renderOpenApi(t.openApi);
    if (committed !== running) {
      throw new Error(
        'openapi.json is out of date with the controllers. Run `npm run openapi` (it rewrites openapi.json and the typed client in client/) and commit both.',
      );
    }
    expect(JSON.parse(committed).paths['/fhir/r4/Patient']).toBeDefined();
  });

  it('has every nullable DTO property declare its type, but for the few still inferred (a list that only shrinks)', () => {
    const raw = SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
    // The webhook DTOs are still to be typed (they declare `nullable: true` without `type:`).
    expect(typeNullableProperties(raw).sort()).toEqual(
      [
        'CreatedWebhookSubscriptionResponse.disabledAt',
        'CreatedWebhookSubscriptionResponse.disabledReason',
        'WebhookSubscriptionResponse.disabledAt',
        'WebhookSubscriptionResponse.disabledReason',
        'WebhookDeliveryResponse.statusCode',
        'WebhookDeliveryResponse.error',
      ].sort(),
    );
  });

  it('lists null in the enum of every nullable enum property, and only there (OpenAPI 3.0.3: nullable does not widen an enum)', () => {
    const schemas = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')).components.schemas as Record<
      string,
      { properties?: Record<string, { nullable?: boolean; enum?: unknown[] }> }
    >;
    const enums = Object.entries(schemas).flatMap(([name, schema]) =>
      Object.entries(schema.properties ?? {})
        .filter(([, property]) => property.enum)
        .map(([property, { nullable, enum: values }]) => ({
          property: `${name}.${property}`,
          nullable: !!nullable,
          listsNull: values!.includes(null),
        })),
    );
    expect(enums).toContainEqual({ property: 'MeetingResponse.cancelledBy', nullable: true, listsNull: true });
    expect(enums).toContainEqual({ property: 'CancelMeetingRequest.cancelledBy', nullable: false, listsNull: false });
    expect(enums.filter((e) => e.nullable !== e.listsNull)).toEqual([]);
  });

  it('drives a real flow over HTTP through the generated client: sign in, site, service user, referral, read back', async () => {
    let token: string | undefined = undefined;
    const api: EnrichClient = createEnrichClient({ baseUrl, accessToken: () => token });

    const signIn = await api.POST('/api/v1/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(signIn.response.status).toBe(200);
    token = signIn.data!.accessToken;

    const site = await api.POST('/api/v1/sites', {
      body: { name: 'Client Flow Trust', odsCode: 'RCLF1', settings: {} },
    });
    expect(site.response.status).toBe(201);
    const siteId = site.data!.id;

    const serviceUserBody = {
      siteId,
      nhsNumber: nhsNumber(),
      givenName: 'Ada',
      familyName: 'Lovelace',
      dateOfBirth: '1980-12-10',
      gender: 'female' as const,
      ethnicity: 'A' as const,
    };
    const key = randomUUID();
    const serviceUser = await api.POST('/api/v1/service-users', {
      body: serviceUserBody,
      params: { header: { 'Idempotency-Key': key } },
    });
    expect(serviceUser.response.status).toBe(201);
    // A retry with the same Idempotency-Key answers the same record, not a duplicate.
    const retried = await api.POST('/api/v1/service-users', {
      body: serviceUserBody,
      params: { header: { 'Idempotency-Key': key } },
    });
    expect(retried.response.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.data!.id).toBe(serviceUser.data!.id);

    const serviceUserId = serviceUser.data!.id;
    const consent = await api.POST('/api/v1/service-users/{id}/consents', {
      params: { path: { id: serviceUserId } },
      body: { kind: 'peer_support', givenOn: '2026-11-02', informationSheetVersion: 'v2.1' },
    });
    expect(consent.response.status).toBe(201);

    const referral = await api.POST('/api/v1/support-episodes', {
      body: {
        serviceUserId,
        referredOn: '2026-11-05',
        primaryDiagnosisGroup: 'psychotic',
        previousAdmissionDates: ['2025-06-01'],
      },
    });
    expect(referral.response.status).toBe(201);

    const readBack = await api.GET('/api/v1/support-episodes/{id}', { params: { path: { id: referral.data!.id } } });
    expect(readBack.data).toMatchObject({ id: referral.data!.id, serviceUserId, state: 'referred' });

    const fhirEpisode = await api.GET('/fhir/r4/EpisodeOfCare/{id}', { params: { path: { id: referral.data!.id } } });
    expect(fhirEpisode.response.headers.get('content-type')).toContain('application/fhir+json');
    expect(fhirEpisode.data).toMatchObject({ resourceType: 'EpisodeOfCare', status: 'planned' });

    const refused = await api.GET('/api/v1/support-episodes/{id}', { params: { path: { id: randomUUID() } } });
    expect(refused.response.status).toBe(404);
    expect(refused.error).toMatchObject({ status: 404 });
  });
});
