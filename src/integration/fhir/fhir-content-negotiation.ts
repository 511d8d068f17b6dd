import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { operationOutcome } from './fhir-errors';
import { FHIR_BASE_PATH, FHIR_CONTENT_TYPE } from './fhir-vocabulary';

/** Media types a FHIR client may ask for that we serve (JSON only); `*` wildcards too. */
const SERVED = ['application/fhir+json', 'application/json', 'application/json+fhir', 'application/*', '*/*'];
const JSON_FORMATS = ['json', 'application/json', 'application/fhir+json', 'application/json+fhir'];

/** Whether an Accept header allows JSON: some range (ignoring parameters, q=0 excluded) is one we serve. */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = parameters.find((p) => p.startsWith('q='));
    return SERVED.includes(type) && (!q || Number(q.slice(2)) > 0);
  });
}

/**
 * FHIR R4 §3.1.0.1.10: a server that cannot give the format asked for (XML, by Accept or _format) answers
 * 406 with an OperationOutcome, rather than JSON the client cannot read. Runs before routing and access,
 * for everything under /fhir/r4.
 */
export function registerFhirContentNegotiation(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.url.startsWith(`${FHIR_BASE_PATH}/`) && request.url !== FHIR_BASE_PATH) return done();
    const format = new URLSearchParams(request.url.split('?')[1] ?? '').get('_format');
    const refused =
      format !== null ? !JSON_FORMATS.includes(format.toLowerCase()) : !acceptsJson(request.headers.accept);
    if (!refused) return done();
    const asked = format !== null ? `_format=${format}` : `Accept: ${request.headers.accept}`;
    void reply
      .status(406)
      .header('content-type', FHIR_CONTENT_TYPE)
      .send(
        operationOutcome('not-supported', `${asked} cannot be served: this server answers application/fhir+json only`),
      );
  });
}

/**
 * FHIR clients send resources as application/fhir+json. Parsed under /fhir/r4 only (so a create or update
 * reaches its 405 OperationOutcome rather than a 415); elsewhere the type stays unsupported.
 */
export function registerFhirJsonBodyParser(app: NestFastifyApplication, bodyLimit: number): void {
  app.useBodyParser('application/fhir+json', { bodyLimit }, (request, body, done) => {
    // The request's path, not its route: a FHIR URL no route serves still reaches its 404/405 OperationOutcome.
    if (!request.url.startsWith(`${FHIR_BASE_PATH}/`) && request.url.split('?')[0] !== FHIR_BASE_PATH) {
      done(
        Object.assign(new Error('Unsupported Media Type: application/fhir+json'), {
          statusCode: 415,
          code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        }),
        undefined,
      );
      return;
    }
    try {
      const text = body.toString('utf8');
      done(null, text.trim() === '' ? undefined : JSON.parse(text));
    } catch {
      done(Object.assign(new Error('The body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
}
