import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidInputError, StaleVersionError } from '../errors/domain-errors';

export const etagFor = (version: number) => `W/"${version}"`;

/**
 * Records people edit carry a `version`; a successful single-record response gets it as a weak ETag so
 * clients can send it back in If-Match. A Fastify hook on the body about to be serialised, rather than a Nest
 * interceptor: an interceptor puts every request through an RxJS pipeline for a one-line check.
 */
export function registerETagHeader(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (_request, reply, payload, done) => {
    const version = (payload as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && reply.statusCode < 300) void reply.header('etag', etagFor(version));
    done(null, payload);
  });
}

/** The version named by an If-Match header (`W/"3"`, `"3"` or `3`), or undefined when absent. */
export const IfMatchVersion = createParamDecorator((_data: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  if (header === undefined || header === '*') return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(String(header).trim());
  if (!match) throw new InvalidInputError('If-Match', 'If-Match must be an ETag this API returned, e.g. W/"3"');
  return Number(match[1]);
});

/** Refuse a write based on a stale read (412). */
export function assertVersion(resource: string, expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current) throw new StaleVersionError(resource, expected, current);
}
