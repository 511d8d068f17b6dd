import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  ForbiddenException,
  HttpException,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../common/errors/domain-errors';
import { FhirError, operationOutcome } from './fhir-errors';
import { FHIR_CONTENT_TYPE } from './fhir-vocabulary';

/** Every error on /fhir/r4 is an OperationOutcome (application/fhir+json), not problem+json. */
@Catch()
export class FhirOperationOutcomeFilter implements ExceptionFilter {
  private readonly logger = new Logger('FhirOperationOutcome');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const { status, outcome } = this.toOutcome(exception, request);
    if (status === 401 && !reply.hasHeader('www-authenticate')) void reply.header('www-authenticate', 'Bearer');
    void reply.status(status).header('content-type', FHIR_CONTENT_TYPE).send(outcome);
  }

  private toOutcome(exception: unknown, request: FastifyRequest) {
    if (exception instanceof FhirError)
      return {
        status: exception.status,
        outcome: operationOutcome(exception.code, exception.message, exception.expression),
      };
    if (exception instanceof UnauthorizedException)
      return { status: 401, outcome: operationOutcome('login', exception.message) };
    if (exception instanceof ForbiddenException)
      return { status: 403, outcome: operationOutcome('forbidden', exception.message) };
    if (exception instanceof DomainError && exception.status < 500) {
      const code = exception.status === 404 ? 'not-found' : exception.status === 403 ? 'forbidden' : 'invalid';
      return { status: exception.status, outcome: operationOutcome(code, exception.message) };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return { status: exception.getStatus(), outcome: operationOutcome('processing', exception.message) };
    }
    const error = exception as Error;
    this.logger.error(
      { err: { type: error?.name, message: error?.message, stack: error?.stack }, requestId: request.id },
      'Unhandled FHIR error',
    );
    return {
      status: 500,
      outcome: operationOutcome(
        'exception',
        `Something went wrong on our side. Quote request id ${String(request.id)} when you report it.`,
      ),
    };
  }
}
