import { ValidationError } from 'class-validator';
import { flattenValidationErrors } from './validation';

describe('flattenValidationErrors', () => {
  it('names nested and indexed fields by path', () => {
    const error = (
      property: string,
      constraints?: Record<string, string>,
      children: ValidationError[] = [],
    ): ValidationError => Object.assign(new ValidationError(), { property, constraints, children });
    const tree = [
      error('email', { isEmail: 'email must be an email' }),
      error('settings', undefined, [error('caseloadCap', { min: 'caseloadCap must not be less than 1' })]),
      error('attendees', undefined, [error('0', undefined, [error('role', { isIn: 'role must be one of …' })])]),
    ];
    expect(flattenValidationErrors(tree)).toEqual([
      { field: 'email', messages: ['email must be an email'] },
      { field: 'settings.caseloadCap', messages: ['caseloadCap must not be less than 1'] },
      { field: 'attendees[0].role', messages: ['role must be one of …'] },
    ]);
  });
});
