import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { FastifyReply } from 'fastify';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import type { RequestWithActor } from '../common/auth/access.decorators';
import { InvalidInputError } from '../common/errors/domain-errors';
import { etagFor } from '../common/http/etag';
import { IdempotencyStore } from './idempotency.store';
import { IDEMPOTENCY_KEY_PATTERN, requestFingerprint } from './request-fingerprint';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
const RESPONSE_NOT_KEPT = Symbol('idempotency:response-not-kept');

/**
 * For a POST whose answer carries a secret shown once (a password reset token, a client secret): its response is
 * never kept for replay, so the secret is not stored in idempotency_keys. The Idempotency-Key header is ignored;
 * repeating such a request makes a new secret and spends the old one.
 */
export const ResponseNotKept = (): MethodDecorator => (_target, _key, descriptor) => {
  Reflect.defineMetadata(RESPONSE_NOT_KEPT, true, descriptor.value as object);
  return descriptor;
};

/**
 * Every authenticated POST may carry an Idempotency-Key. The first request with a key claims it and
 * its successful response is kept; a retry with the same key and body gets that response back (same
 * status and body, header Idempotent-Replayed: true) without a second write. Runs after AccessGuard,
 * so the key is scoped to the caller. Other methods ignore the header (PUT/PATCH/DELETE are
 * idempotent or guarded by If-Match already).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    // Public POSTs (sign-in, token) have no owner to scope a key to, and are not writes a client retries.
    if (request.method !== 'POST' || header === undefined || !request.actor) return next.handle();
    if (Reflect.getMetadata(RESPONSE_NOT_KEPT, context.getHandler())) return next.handle();

    const key = Array.isArray(header) ? header[0] : header;
    if (Array.isArray(header) || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new InvalidInputError(
        'Idempotency-Key',
        'Idempotency-Key must be one value of 1-255 letters, digits or ".", "_", ":", "-" (a UUID is ideal)',
      );
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const claim = await this.store.claim({
      owner: `${request.actor.kind}:${request.actor.id}`,
      key,
      method: request.method,
      path: request.url,
      requestHash: requestFingerprint(request.method, request.url, request.body),
    });
    if (claim.kind === 'replay') {
      void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
      // Nest applies the route's status code, which is the status the first response had.
      if (claim.text === null) return of(claim.body ?? undefined); // kept before response_text existed
      // The very bytes the first response had, with the headers that describe them.
      void reply.header('content-type', 'application/json; charset=utf-8');
      const version = (claim.body as { version?: unknown } | null)?.version;
      if (typeof version === 'number') void reply.header('etag', etagFor(version));
      return of(claim.text);
    }

    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? HttpStatus.CREATED;
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          (async () => {
            // Kept as the bytes the client receives (Fastify serialises a body without a schema with JSON.stringify).
            const text = body === undefined ? null : JSON.stringify(body);
            await this.store.complete(claim.id, status, text === null ? null : JSON.parse(text), text);
            void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'false');
            return body;
          })(),
        ),
      ),
      catchError((error: unknown) => from(this.store.release(claim.id)).pipe(mergeMap(() => throwError(() => error)))),
    );
  }
}
