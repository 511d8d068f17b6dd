import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem } from './problem-details';

/** Flatten class-validator's tree into `a.b[0].c` paths, one entry per field. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const isIndex = /^\d+$/.test(error.property);
    const path = parent ? (isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own: FieldProblem[] = error.constraints ? [{ field: path, messages: Object.values(error.constraints) }] : [];
    return own.concat(flattenValidationErrors(error.children ?? [], path));
  });
}

export class RequestValidationError extends BadRequestException {
  constructor(readonly fields: FieldProblem[]) {
    super(fields.map((f) => f.messages.join('; ')).join('; ') || 'The request is not valid');
  }
}

/** Whitelist, refuse unknown properties, transform to DTO classes, and name every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
}
