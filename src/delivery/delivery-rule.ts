import { ConflictError, UnprocessableError } from '../common/errors/domain-errors';

/** A delivery rule refused: 409 problem+json whose `rule` names it. */
export const refusedBy = (rule: string, explain: string) => new ConflictError(explain, rule);

/** Input that breaks a rule about itself: 422 naming the field and the rule. */
export function unprocessable(rule: string, field: string, explain: string): UnprocessableError {
  const error = new UnprocessableError(explain, field);
  error.extensions.rule = rule;
  return error;
}
