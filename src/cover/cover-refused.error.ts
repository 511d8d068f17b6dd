import { UnprocessableError } from '../common/errors/domain-errors';

/** An arrangement the rules refuse: 422 naming the rule and the field (arrangements[i].…). */
export class CoverRefusedError extends UnprocessableError {
  constructor(message: string, rule: string, field: string, extra: Record<string, unknown> = {}) {
    super(message, field);
    Object.assign(this.extensions, { rule, ...extra });
  }
}
