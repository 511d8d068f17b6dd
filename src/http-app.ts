import helmet from '@fastify/helmet';
import { RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createValidationPipe } from './common/http/validation';
import type { Environment } from './config/environment';
import { mountQueueDashboard } from './scheduling/queue-dashboard';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The Fastify adapter: body limit, and request ids taken from X-Request-Id when well-formed. */
export function createHttpAdapter(bodyLimit: number): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit,
    trustProxy: true,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      (req as IncomingMessage & { id?: string }).id = id; // for pino-http
      return id;
    },
  });
}

/** Everything HTTP-specific, shared by main.ts and the end-to-end tests so they test what runs. */
export async function configureHttpApp(app: NestFastifyApplication): Promise<OpenAPIObject> {
  const config = app.get(ConfigService<Environment, true>);
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  await app.register(helmet, {
    // Swagger UI needs inline styles and scripts; everything else keeps helmet's defaults.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'", "'unsafe-inline'"],
      },
    },
  });
  await mountQueueDashboard(app);
  const origins = config.get('CORS_ORIGINS', { infer: true }).split(',').map((o) => o.trim()).filter(Boolean);
  if (origins.length > 0) app.enableCors({ origin: origins, credentials: false });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('ENRICH API')
      .setDescription(
        'Case management for peer support for discharge: recruitment and training of peer workers, pairing, ' +
          'ward and community support, step-down, supervision and absence cover. Errors are application/problem+json (RFC 9457).',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
  return document;
}
