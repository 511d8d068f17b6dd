import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FORM_BODY_ROUTES } from '../../common/http/input-hygiene';

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
