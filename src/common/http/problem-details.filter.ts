import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { operationOutcome, unmatchedFhirRequest } from '../../integration/fhir/fhir-errors';
import { FHIR_CONTENT_TYPE } from '../../integration/fhir/fhir-vocabulary';
import { DomainError } from '../errors/domain-errors';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from './problem-details';
import { RequestValidationError } from './validation';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const SLUGS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'too-many-requests',
  500: 'internal-error',
};

/** PostgreSQL error codes that are the caller's fault, not ours. */
const PG_ERRORS: Record<string, { status: number; slug: string; detail: string }> = {
  '23505': { status: 409, slug: 'conflict', detail: 'A record with the same unique value already exists' },
  '23503': { status: 409, slug: 'conflict', detail: 'The record refers to, or is referred to by, another record' },
  '23P01': { status: 409, slug: 'conflict', detail: 'The record overlaps an existing one' },
  '22P02': { status: 400, slug: 'bad-request', detail: 'A value has the wrong format' },
  '40001': { status: 409, slug: 'conflict', detail: 'A concurrent change got there first; try again' },
  '40P01': { status: 409, slug: 'conflict', detail: 'A concurrent change got there first; try again' },
  '22021': { status: 400, slug: 'bad-request', detail: 'A text value holds a character that cannot be stored' },
};

/** Load shed rather than queued: the caller should retry shortly (Retry-After). */
const OVERLOADED: Record<string, string> = {
  '55P03': 'The record is busy with another change; retry shortly',
  '57014': 'The request took too long and was stopped; retry shortly',
  '53300': 'The service is at its connection limit; retry shortly',
  '25P03': 'The request took too long and was stopped; retry shortly',
};
const POOL_TIMEOUT = /timeout exceeded when trying to connect|Connection terminated due to connection timeout/;

/**
 * PostgreSQL unreachable, restarting or shutting down (SQLSTATE class 08 and 57P01-57P03, a refused or reset
 * socket, a connection that died mid-query): a 503 the caller may retry. The transaction did not commit, or, if
 * the connection died after COMMIT was sent, a retry with the same Idempotency-Key finds the record.
 */
const DATABASE_UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
]);
const DATABASE_UNAVAILABLE =
  /Connection terminated unexpectedly|Client has encountered a connection error and is not queryable|Connection terminated$|the database system is (starting up|shutting down|in recovery mode)/;
export const RETRY_AFTER_SECONDS = 2;

/**
 * Every error leaves the API as application/problem+json (RFC 9457): domain errors, validation,
 * framework errors (404 for unknown routes, 413, 429) and anything unexpected (500, never a stack trace).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception);
    problem.instance = request.url.split('?')[0];
    problem.requestId = String(request.id);
    if (problem.status >= 500) {
      // Log the error class and message only: a stack may hold personal data from a query.
      const error = exception as Error;
      this.logger.error(
        { err: { type: error?.name, message: error?.message, stack: error?.stack }, requestId: request.id },
        'Unhandled error',
      );
    }
    if (problem.status === 401 && !reply.hasHeader('www-authenticate')) void reply.header('www-authenticate', 'Bearer');
    if (problem.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    if (request.url.startsWith('/fhir/') && exception instanceof NotFoundException && !request.routeOptions?.url) {
      // No FHIR route matched (a deeper path, an operation, another method): a FHIR refusal, 404 or 405.
      const refusal = unmatchedFhirRequest(request.method, request.url);
      void reply
        .status(refusal.status)
        .header('content-type', FHIR_CONTENT_TYPE)
        .send(operationOutcome(refusal.code, refusal.message));
      return;
    }
    if (request.url.startsWith('/fhir/')) {
      // Under /fhir every error is an OperationOutcome.
      const code =
        problem.status === 404
          ? 'not-found'
          : problem.status === 401
            ? 'login'
            : problem.status === 403
              ? 'forbidden'
              : problem.status >= 500
                ? 'exception'
                : 'invalid';
      void reply
        .status(problem.status)
        .header('content-type', FHIR_CONTENT_TYPE)
        .send(operationOutcome(code, problem.detail));
      return;
    }
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }

  /** The problem an exception stands for (also used by the HTML pages' filter, so both agree on the status). */
  toProblem(exception: unknown): ProblemDetails {
    const problem = new ProblemDetails();
    if (exception instanceof RequestValidationError) {
      return Object.assign(problem, {
        type: problemType('validation-error'),
        title: 'Bad Request',
        status: 400,
        detail: exception.message,
        errors: exception.fields,
      });
    }
    if (exception instanceof DomainError) {
      return Object.assign(problem, {
        type: problemType(exception.type),
        title: exception.title,
        status: exception.status,
        detail: exception.message,
        ...exception.extensions,
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      const detail = Array.isArray(message)
        ? message.join('; ')
        : typeof message === 'string'
          ? message
          : message === undefined || message === null
            ? exception.message
            : JSON.stringify(message);
      // A failed readiness check keeps terminus's per-dependency details, so a probe's reader sees which one is down.
      const details = typeof body === 'object' && body !== null && 'details' in body ? { details: body.details } : {};
      return Object.assign(problem, {
        type: problemType(SLUGS[status] ?? `http-${status}`),
        title: TITLES[status] ?? HttpStatus[status] ?? 'Error',
        status,
        detail: details.details ? 'A dependency of the service is not ready (see details)' : detail,
        ...details,
      });
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Errors raised by Fastify itself before Nest's pipeline: malformed JSON, body too large, bad content type.
      return Object.assign(problem, {
        type: problemType(SLUGS[fastifyStatus] ?? `http-${fastifyStatus}`),
        title: TITLES[fastifyStatus] ?? 'Error',
        status: fastifyStatus,
        detail: (exception as Error).message,
      });
    }
    const overloaded = this.overloaded(exception);
    if (overloaded) {
      return Object.assign(problem, {
        type: problemType('service-unavailable'),
        title: 'Service Unavailable',
        status: 503,
        detail: overloaded,
      });
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string })?.code ?? '';
      const known = PG_ERRORS[code];
      if (known) {
        return Object.assign(problem, {
          type: problemType(known.slug),
          title: TITLES[known.status],
          status: known.status,
          detail: known.detail,
        });
      }
    }
    return Object.assign(problem, {
      type: problemType('internal-error'),
      title: 'Internal Server Error',
      status: 500,
      detail: 'Something went wrong on our side. Quote the request id when you report it.',
    });
  }

  /** Pool exhausted, lock or statement timeout, database restarting: a 503 the caller may retry, never a hang or a 500. */
  private overloaded(exception: unknown): string | null {
    const error = exception as { code?: string; message?: string; driverError?: { code?: string } } | null;
    const code = error?.driverError?.code ?? error?.code ?? '';
    if (OVERLOADED[code]) return OVERLOADED[code];
    if (typeof error?.message === 'string' && POOL_TIMEOUT.test(error.message))
      return 'The service is busy; retry shortly';
    if (
      DATABASE_UNAVAILABLE_CODES.has(code) ||
      (typeof error?.message === 'string' && DATABASE_UNAVAILABLE.test(error.message))
    )
      return 'The database is not available for a moment; retry shortly';
    return null;
  }
}
