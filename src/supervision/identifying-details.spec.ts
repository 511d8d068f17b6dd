import { isValidNhsNumber } from '../common/nhs-number/nhs-number';
import { identifyingDetailsIn } from './identifying-details';

describe('identifyingDetailsIn', () => {
  it('finds an NHS number with a valid check digit, spaced or not', () => {
    expect(identifyingDetailsIn('Discussed 943 476 5919 at length')).toEqual(['nhs_number']);
    expect(identifyingDetailsIn('ref 9434765919')).toEqual(['nhs_number']);
    expect(identifyingDetailsIn('ref 943-476-5919')).toEqual(['nhs_number']);
  });

  it('ignores ten digits that are not an NHS number (a phone number, a failed check digit)', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(identifyingDetailsIn('call the team base on 0207 946 0018')).toEqual([]);
  });

  it('finds record ids and date-of-birth labels', () => {
    expect(identifyingDetailsIn('episode 0f6c1a52-93a2-4f6e-8f0c-2b1d5e7a9c11 came up')).toEqual(['record_id']);
    expect(identifyingDetailsIn('her DOB is in March')).toEqual(['date_of_birth']);
    expect(identifyingDetailsIn('date of birth mentioned')).toEqual(['date_of_birth']);
  });

  it('lets ordinary supervision themes through', () => {
    expect(
      identifyingDetailsIn(
        'Boundaries when a service user asks to meet at the weekend; self-care after difficult visits; endings at week 10',
      ),
    ).toEqual([]);
  });
});
