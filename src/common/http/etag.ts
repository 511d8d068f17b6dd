import { CallHandler, createParamDecorator, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { InvalidInputError, StaleVersionError } from '../errors/domain-errors';

export const etagFor = (version: number) => `W/"${version}"`;

/**
 * Records people edit carry a `version`; a single-record response gets it as a weak ETag so
 * clients can send it back in If-Match.
 */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number' && context.getType() === 'http') {
          void context.switchToHttp().getResponse<FastifyReply>().header('etag', etagFor(version));
        }
        return body;
      }),
    );
  }
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
