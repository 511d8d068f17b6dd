import Holidays from 'date-holidays';

/**
 * Bank holidays of England and Wales, from the date-holidays package's bundled rules (GB, region ENG:
 * offline data, never fetched at run time; Wales shares England's list). Only `public` holidays on
 * weekdays count: where Christmas or Boxing Day falls at a weekend the package also lists the day
 * itself, but gov.uk's bank holiday is the substitute weekday. bank-holidays.spec.ts checks the result
 * against gov.uk's published list for 2025–2027.
 */
const calendar = new Holidays('GB', 'ENG');
const byYear = new Map<number, ReadonlySet<string>>();

function ofYear(year: number): ReadonlySet<string> {
  let days = byYear.get(year);
  if (!days) {
    days = new Set(
      calendar
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10))
        .filter((date) => {
          const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
          return weekday !== 0 && weekday !== 6;
        }),
    );
    byYear.set(year, days);
  }
  return days;
}

/** The bank holidays of England and Wales in a calendar year, as ISO dates in order. */
export function englandAndWalesBankHolidays(year: number): string[] {
  return [...ofYear(year)].sort();
}

/** Whether an ISO calendar date (YYYY-MM-DD) is a bank holiday in England and Wales. */
export function isEnglandAndWalesBankHoliday(isoDate: string): boolean {
  return ofYear(Number(isoDate.slice(0, 4))).has(isoDate);
}
