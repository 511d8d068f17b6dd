import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The only routes that take application/x-www-form-urlencoded: OAuth 2.0 token requests (RFC 6749 §4.4.2)
 * and FHIR search by POST (FHIR R4 §3.1.1.6) are form-encoded by every client library. Everywhere else a
 * form body is refused with 415, so the rest of the API stays JSON-only.
 */
export const FORM_BODY_ROUTES = new Set(['/api/v1/auth/token', '/fhir/r4/:resourceType/_search']);

/**
 * Replaces Nest's default form parser (which would accept forms on every route) with one that parses
 * only on FORM_BODY_ROUTES. Registered through Nest so its own default is not added beside it.
 */
export function registerScopedFormParser(app: NestFastifyApplication, bodyLimit: number): void {
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, (request, body, done) => {
    if (!FORM_BODY_ROUTES.has(request.routeOptions.url ?? '')) {
      done(
        Object.assign(new Error('Unsupported Media Type: application/x-www-form-urlencoded'), {
          statusCode: 415,
          code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        }),
        undefined,
      );
      return;
    }
    // Repeated names become arrays, so the token endpoint can refuse them (RFC 6749 §3.2).
    const fields: Record<string, string | string[]> = {};
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
      const seen = fields[name];
      fields[name] = seen === undefined ? value : [seen, value].flat();
    }
    done(null, fields);
  });
}
