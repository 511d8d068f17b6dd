import { INestApplication, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { operationOutcome } from './integration/fhir/fhir-errors';
import { FHIR_CONTENT_TYPE } from './integration/fhir/fhir-vocabulary';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from './common/http/problem-details';
import { registerScopedFormParser } from './auth/oauth/form-body';
import { registerETagHeader } from './common/http/etag';
import { API_SECURITY_HEADERS, registerSecurityHeaders } from './common/http/security-headers';
import { createValidationPipe } from './common/http/validation';
import {
  registerFhirContentNegotiation,
  registerFhirJsonBodyParser,
} from './integration/fhir/fhir-content-negotiation';
import { typeNullableProperties } from './openapi/nullable-types';
import type { Environment } from './config/environment';
import { mountQueueDashboard } from './scheduling/queue-dashboard';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Errors Node's HTTP parser raises before any route runs (headers or URL too long, malformed request):
 * answered as problem+json like every other error, not Fastify's default application/json.
 */
function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, title, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          'The request line or headers are too long (a URL this long is never needed)',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request took too long to arrive']
        : [400, 'Bad Request', 'The request is not well-formed HTTP'];
  const body = JSON.stringify({ type: `/problems/http-${status}`, title, status, detail });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Errors Fastify's router raises before Nest sees the request (a path parameter longer than maxParamLength
 * is 414, a malformed URL 400): problem+json like every other error, an OperationOutcome under /fhir.
 */
function frameworkErrors(error: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  const title = status === 414 ? 'URI Too Long' : 'Bad Request';
  const detail = status === 414 ? 'A path segment is too long' : 'The URL is not well-formed';
  if (request.url.startsWith('/fhir/')) {
    void reply
      .status(status)
      .header('content-type', FHIR_CONTENT_TYPE)
      .send(operationOutcome(status === 414 ? 'too-long' : 'invalid', detail));
    return;
  }
  void reply
    .status(status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({
      type: `/problems/http-${status}`,
      title,
      status,
      detail,
      instance: request.url.split('?')[0].slice(0, 200),
      requestId: String(request.id),
    });
}

/** The Fastify adapter: body limit, and request ids taken from X-Request-Id when well-formed. */
export function createHttpAdapter(bodyLimit: number): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit,
    clientErrorHandler,
    frameworkErrors,
    // Ids are UUIDs; a longer segment is refused (414) by frameworkErrors above.
    maxParamLength: 200,
    trustProxy: true,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      (req as IncomingMessage & { id?: string }).id = id; // for pino-http
      return id;
    },
  });
}

/**
 * REST lives under /api/v1. Outside it: health probes, the FHIR R4 interface at /fhir/r4, whose
 * base URL follows FHIR convention (integrators configure `<host>/fhir/r4` as the FHIR server base), and
 * the coordinator dashboard's HTML pages at /dashboard.
 */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'fhir/r4', method: RequestMethod.ALL },
      { path: 'fhir/r4/*path', method: RequestMethod.ALL },
      { path: '.well-known/oauth-authorization-server', method: RequestMethod.GET },
      // The coordinator dashboard: HTML pages for people, not part of the versioned API.
      { path: 'dashboard', method: RequestMethod.ALL },
      { path: 'dashboard/*path', method: RequestMethod.ALL },
    ],
  });
}

/**
 * The OpenAPI document, built from the controllers' decorators. Shared by the running app, the
 * tests and `npm run openapi` (which writes openapi.json and the typed client), so all three agree.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('ENRICH API')
      .setDescription(
        'Case management for peer support for discharge: recruitment and training of peer workers, pairing, ' +
          'ward and community support, step-down, supervision and absence cover. Errors are application/problem+json (RFC 9457). ' +
          'Every authenticated POST accepts an Idempotency-Key header (see docs/reference/idempotency.md). ' +
          'The FHIR R4 read interface lives at /fhir/r4 (application/fhir+json).',
      )
      .setVersion('1')
      .setLicense('Proprietary (UNLICENSED)', 'https://enrich.example.nhs.uk/licence')
      .addServer('/', 'This ENRICH deployment (the host serving this document)')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  documentIdempotencyKey(document);
  documentPublicRoutes(document);
  typeNullableProperties(document);
  return document;
}

/** Adds the Idempotency-Key header, and its 409/422 answers, to every authenticated POST. */
function documentIdempotencyKey(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.parameters = {
    ...document.components.parameters,
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Make the POST safe to retry: a retry with the same key and the same body gets the first response back ' +
        '(header Idempotent-Replayed: true) without a second write. The same key with a different body is 422; ' +
        'a retry while the first request is still running is 409. Keys are kept per user or client for at least 24 hours.',
      schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,255}$', example: '4d7c7e0e-0d4b-4f0e-9a4e-7d2f3b1c9a10' },
    },
  };
  const problem = (description: string) => ({
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } },
  });
  for (const item of Object.values(document.paths)) {
    const post = item.post;
    if (!post?.security || post.security.length === 0) continue; // public POSTs (sign-in) are not keyed
    post.parameters = [...(post.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }];
    post.responses['409'] ??= problem('Conflict; or a request with the same Idempotency-Key is still being processed');
    post.responses['422'] ??= problem(
      'Unprocessable; or the Idempotency-Key was already used with a different request',
    );
  }
}

/** A route without a token requirement says so (`security: []`), so a generator or linter does not guess. */
function documentPublicRoutes(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const) {
      const operation = item[method];
      if (operation && !operation.security) operation.security = [];
    }
  }
}

/** Everything HTTP-specific, shared by main.ts and the end-to-end tests so they test what runs. */
export async function configureHttpApp(app: NestFastifyApplication): Promise<OpenAPIObject> {
  const config = app.get(ConfigService<Environment, true>);
  applyGlobalPrefix(app);
  app.useGlobalPipes(createValidationPipe());
  const fastify = app.getHttpAdapter().getInstance();
  registerScopedFormParser(app, config.get('BODY_LIMIT_BYTES', { infer: true }));
  registerFhirContentNegotiation(fastify);
  registerFhirJsonBodyParser(app, config.get('BODY_LIMIT_BYTES', { infer: true }));
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  registerSecurityHeaders(fastify, API_SECURITY_HEADERS);
  registerETagHeader(fastify);
  await mountQueueDashboard(app);
  const origins = config
    .get('CORS_ORIGINS', { infer: true })
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length > 0) app.enableCors({ origin: origins, credentials: false });

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
  return document;
}
