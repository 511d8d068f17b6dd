import fc from 'fast-check';
import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number';

/** The Modulus 11 check digit of nine digits, or null when the number can never be issued (remainder 10). */
function checkDigit(nine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return check === 10 ? null : check === 11 ? 0 : check;
}

describe('NHS number validation (Modulus 11)', () => {
  it.each(['9434765919', '4010232137', '943 476 5919', '943-476-5919'])(
    'accepts %s, whose check digit is right',
    (nhsNumber) => {
      expect(isValidNhsNumber(nhsNumber)).toBe(true);
    },
  );

  it.each(['9434765918', '9434765910', '4010232136', '4010232138'])(
    'refuses %s, whose check digit is wrong',
    (nhsNumber) => {
      expect(isValidNhsNumber(nhsNumber)).toBe(false);
    },
  );

  it.each(['0000000000', '1111111111', '2222222222', '9999999999'])(
    'refuses %s, all one digit (a placeholder, never issued)',
    (nhsNumber) => {
      expect(isValidNhsNumber(nhsNumber)).toBe(false);
    },
  );

  it('accepts a number whose remainder gives check digit 0 (11 becomes 0)', () => {
    // 000000001: sum 2, 11 - 2 = 9; search for a first nine whose check works out as 11 → 0.
    const nine = Array.from({ length: 1000 }, (_, i) => String(100000000 + i)).find((n) => checkDigit(n) === 0)!;
    expect(isValidNhsNumber(`${nine}0`)).toBe(true);
    expect(isValidNhsNumber(`${nine}1`)).toBe(false);
  });

  it('refuses every number whose check digit would be 10 (never issued)', () => {
    const nine = Array.from({ length: 1000 }, (_, i) => String(100000000 + i)).find((n) => checkDigit(n) === null)!;
    for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(`${nine}${d}`)).toBe(false);
  });

  it.each(['', '943476591', '94347659190', '94347659l9', 'abcdefghij'])(
    'refuses %j, which is not ten digits',
    (value) => {
      expect(isValidNhsNumber(value)).toBe(false);
    },
  );

  it('accepts exactly one last digit for every issuable first nine digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (nine) => {
        const valid = Array.from({ length: 10 }, (_, d) => isValidNhsNumber(`${nine}${d}`)).filter(Boolean).length;
        expect(valid).toBe(checkDigit(nine) === null ? 0 : 1);
      }),
    );
  });

  it('stores numbers without spaces or hyphens', () => {
    expect(normaliseNhsNumber(' 943 476-5919 ')).toBe('9434765919');
  });
});
