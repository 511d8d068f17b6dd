import { englandAndWalesBankHolidays, isEnglandAndWalesBankHoliday } from './bank-holidays';

// gov.uk "UK bank holidays", England and Wales, as published.
const GOV_UK: Record<number, string[]> = {
  2025: [
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
    '2025-08-25',
    '2025-12-25',
    '2025-12-26',
  ],
  2026: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
  ],
  2027: [
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27',
    '2027-12-28',
  ],
};

describe('bank holidays of England and Wales', () => {
  it.each(Object.keys(GOV_UK).map(Number))('matches gov.uk’s list for %i exactly', (year) => {
    expect(englandAndWalesBankHolidays(year)).toEqual(GOV_UK[year]);
  });

  it('knows Good Friday, Easter Monday and the substitute Boxing Day of 2026', () => {
    for (const day of [
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]) {
      expect(isEnglandAndWalesBankHoliday(day)).toBe(true);
    }
  });

  it('does not count a weekend Boxing Day, Easter Sunday or an ordinary weekday', () => {
    for (const day of ['2026-12-26', '2026-04-05', '2026-04-07', '2026-03-29'])
      expect(isEnglandAndWalesBankHoliday(day)).toBe(false);
  });

  it('has eight bank holidays in every year the plans can reach', () => {
    for (let year = 2024; year <= 2035; year++) expect(englandAndWalesBankHolidays(year)).toHaveLength(8);
  });
});
