import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/** The error codes of RFC 6749 §5.2 that the client-credentials grant can answer. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

/** A token-endpoint error: answered as RFC 6749 §5.2 JSON, not problem+json, because OAuth clients parse `error`. */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** invalid_client after HTTP Basic must be 401 with a WWW-Authenticate challenge (RFC 6749 §5.2). */
    readonly status = code === 'invalid_client' ? 401 : 400,
  ) {
    super(description);
  }
}

export const BASIC_CHALLENGE = 'Basic realm="enrich", charset="UTF-8"';

/**
 * Only on the token endpoint. Framework errors there (429 from the throttle, 415 for another media type)
 * keep their status but are given the OAuth shape too, so a client library always finds `error`.
 */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    let status: number;
    let body: { error: string; error_description: string };
    if (exception instanceof OAuthError) {
      status = exception.status;
      body = { error: exception.code, error_description: exception.description };
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      body = { error: status === 429 ? 'slow_down' : 'invalid_request', error_description: exception.message };
    } else {
      const statusCode = (exception as { statusCode?: number } | null)?.statusCode;
      status = typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : 500;
      body =
        status === 500
          ? { error: 'server_error', error_description: 'Unexpected error' }
          : { error: 'invalid_request', error_description: (exception as Error).message };
    }
    if (status === 401) void reply.header('www-authenticate', BASIC_CHALLENGE);
    void reply
      .status(status)
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .type('application/json')
      .send(body);
  }
}
