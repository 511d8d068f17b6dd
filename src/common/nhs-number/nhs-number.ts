import { registerDecorator, ValidationOptions } from 'class-validator';

/** Spaces and hyphens people type into an NHS number ("943 476 5919", "943-476-5919"). */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/**
 * NHS number check (NHS Data Dictionary): ten digits; the tenth is the Modulus 11 check digit of the
 * first nine weighted 10..2. A remainder giving 11 means check digit 0; one giving 10 means the number
 * was never issued.
 */
export function isValidNhsNumber(input: string): boolean {
  const digits = normaliseNhsNumber(input);
  if (!/^\d{10}$/.test(digits)) return false;
  // All one digit (0000000000, 1111111111 …) passes Modulus 11 but is never issued: a placeholder typed in.
  if (/^(\d)\1{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** DTO validator: 400 naming the field when the value is not a valid NHS number. */
export function IsNhsNumber(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isNhsNumber',
      target: object.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be a 10-digit NHS number with a valid Modulus 11 check digit`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidNhsNumber(value) },
    });
}
