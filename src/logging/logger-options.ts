import type { ConfigService } from '@nestjs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Environment } from '../config/environment';

/**
 * Structured JSON logs with the request id. Personal data never reaches a log: requests are logged
 * as method and path only (no query string, headers or body), and known sensitive keys are redacted
 * wherever they appear in a log object.
 */
export function loggerOptions(config: ConfigService<Environment, true>): Params {
  return {
    pinoHttp: {
      level: config.get('LOG_LEVEL', { infer: true }),
      // Fastify sets req.id (from X-Request-Id or a new UUID) before pino-http sees the request.
      genReqId: (req: IncomingMessage) => String((req as IncomingMessage & { id?: string }).id ?? ''),
      serializers: {
        req: (req: IncomingMessage & { id?: string }) => ({
          id: req.id,
          method: req.method,
          path: (req.url ?? '').split('?')[0],
        }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
      redact: {
        paths: SENSITIVE_LOG_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
        censor: '[redacted]',
      },
      customProps: () => ({ service: 'enrich' }),
      autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health/') },
    },
  };
}

/** Keys whose values are personal or secret and are never logged. */
export const SENSITIVE_LOG_KEYS = [
  'authorization',
  'password',
  'passwordHash',
  'refreshToken',
  'accessToken',
  'client_secret',
  'nhsNumber',
  'name',
  'givenName',
  'familyName',
  'displayName',
  'email',
  'dateOfBirth',
  'note',
  'notes',
  'text',
  // Delivery: where a lone-working visit happens is a home address.
  'location',
];
