/**
 * Typed domain errors. Services throw these; ProblemDetailsFilter turns each into
 * application/problem+json (RFC 9457) in one place.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  abstract readonly title: string;
  /** Extra members for the problem document (e.g. the rule a transition broke). */
  readonly extensions: Record<string, unknown> = {};

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The record does not exist, or is outside the caller's scope (never reveal which). */
export class RecordNotFoundError extends DomainError {
  readonly status = 404;
  readonly type = 'not-found';
  readonly title = 'Not Found';
  constructor(resource: string, id?: string) {
    super(id ? `${resource} ${id} was not found` : `${resource} was not found`);
  }
}

/** A workflow transition that the state machine's table or a guard refuses. */
export class ForbiddenTransitionError extends DomainError {
  readonly status = 409;
  readonly type = 'forbidden-transition';
  readonly title = 'Transition not allowed';
  constructor(
    readonly aggregate: string,
    readonly from: string,
    readonly to: string,
    readonly rule: string,
    detail: string,
  ) {
    super(detail);
    Object.assign(this.extensions, { aggregate, from, to, rule });
  }
}

/** The request conflicts with the current state (duplicate, stale version, rule broken). */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly type = 'conflict';
  readonly title = 'Conflict';
  constructor(message: string, rule?: string) {
    super(message);
    if (rule) this.extensions.rule = rule;
  }
}

/** Well-formed input that breaks a domain rule (e.g. an end date before a start date). */
export class UnprocessableError extends DomainError {
  readonly status = 422;
  readonly type = 'unprocessable';
  readonly title = 'Unprocessable Content';
  constructor(message: string, field?: string) {
    super(message);
    if (field) this.extensions.errors = [{ field, messages: [message] }];
  }
}

/** Authenticated but not allowed (used where existence is not secret, e.g. role checks). */
export class AccessDeniedError extends DomainError {
  readonly status = 403;
  readonly type = 'forbidden';
  readonly title = 'Forbidden';
}

/** Input that is malformed in a way the DTO could not catch (e.g. a cursor we did not issue). */
export class InvalidInputError extends DomainError {
  readonly status = 400;
  readonly type = 'validation-error';
  readonly title = 'Bad Request';
  constructor(field: string, message: string) {
    super(message);
    this.extensions.errors = [{ field, messages: [message] }];
  }
}

/** If-Match named a version that is no longer current: someone else saved first. */
export class StaleVersionError extends DomainError {
  readonly status = 412;
  readonly type = 'precondition-failed';
  readonly title = 'Precondition Failed';
  constructor(resource: string, expected: number, current: number) {
    super(`${resource} is at version ${current}, not ${expected}: reload it and apply your change again`);
    Object.assign(this.extensions, { currentVersion: current });
  }
}

/** Credentials that do not check out. */
export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly type = 'unauthorized';
  readonly title = 'Unauthorized';
}
