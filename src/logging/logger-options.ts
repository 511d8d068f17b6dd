import type { ConfigService } from '@nestjs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import type { Params } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import type { Environment } from '../config/environment';

/**
 * Structured JSON logs with the request id. Personal data never reaches a log: requests are logged
 * as method and path only (no query string, headers or body), and known sensitive keys are redacted
 * wherever they appear in a log object (its own keys and two levels below).
 *
 * Redaction is a walk of the log object that copies only what it censors, not pino's `redact` paths:
 * `*.key` paths made pino clone and walk every value of every line (the request line included, which
 * carries only method, path and status), a measurable share of a request's CPU (docs/reference/performance.md).
 */
export function loggerOptions(config: ConfigService<Environment, true>): Params {
  return {
    pinoHttp: {
      level: config.get('LOG_LEVEL', { infer: true }),
      ...redactingPinoOptions(),
      // Fastify sets req.id (from X-Request-Id or a new UUID) before pino-http sees the request.
      genReqId: (req: IncomingMessage) => String((req as IncomingMessage & { id?: string }).id ?? ''),
      // The serializers below read the raw request and response (no intermediate copy of every header).
      wrapSerializers: false,
      autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health/') },
    },
  };
}

/** The pino options that keep personal data out of every line: serializers, redaction, and the fixed fields. */
export function redactingPinoOptions() {
  return {
    // The service name is fixed: a base field, not a per-request child logger.
    base: { pid: process.pid, hostname: hostname(), service: 'enrich' },
    serializers: {
      req: (req: IncomingMessage & { id?: string; originalUrl?: string }) => ({
        id: req.id,
        method: req.method,
        path: (req.originalUrl ?? req.url ?? '').split('?')[0],
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: (error: unknown) => redactPersonalData(stdSerializers.err(error as Error)),
    },
    // Every log object. Not a child logger's bindings (pino formats those before any hook sees them): the only
    // child logger is pino-http's per request, bound to the request serialized above; bind identifiers only.
    formatters: { log: redactLogObject },
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

export const REDACTED = '[redacted]';
const SENSITIVE: ReadonlySet<string> = new Set(SENSITIVE_LOG_KEYS);
/** A sensitive key is censored on the log object itself and two levels below it (`key`, `*.key`, `*.*.key`). */
const REDACT_DEPTH = 3;
/** Top-level keys whose serializers above decide what is written (the raw request, response and error). */
const SERIALIZED: ReadonlySet<string> = new Set(['req', 'res', 'err']);

function redactLogObject(object: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    if (SERIALIZED.has(key)) continue;
    const value = object[key];
    const redacted = redactedValue(key, value, REDACT_DEPTH - 1);
    if (redacted !== value) (copy ??= { ...object })[key] = redacted;
  }
  return copy ?? object;
}

function redactedValue(key: string, value: unknown, depth: number): unknown {
  if (value === undefined) return value;
  if (SENSITIVE.has(key)) return REDACTED;
  return redactPersonalData(value, depth);
}

/**
 * `value` with every sensitive key, down to `depth` levels, censored: the same object when there is none (the
 * usual case, so nothing is copied), otherwise a copy of each object on the way to a censored key.
 */
export function redactPersonalData<T>(value: T, depth = REDACT_DEPTH): T {
  if (depth <= 0 || value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const item = source[key];
    const redacted = redactedValue(key, item, depth - 1);
    if (redacted !== item)
      (copy ??= (Array.isArray(value) ? [...value] : { ...source }) as Record<string, unknown>)[key] = redacted;
  }
  return (copy ?? value) as T;
}
