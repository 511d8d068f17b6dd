import { DateTime } from 'luxon';
import { invalidSearch } from './fhir-errors';

const LONDON = 'Europe/London';
const PREFIXES = ['eq', 'ge', 'le', 'gt', 'lt'] as const;
type Prefix = (typeof PREFIXES)[number];

/** One bound on an instant: `column >= at` or `column < at`. */
export interface InstantBound {
  op: '>=' | '<';
  at: Date;
}

/**
 * A FHIR date search value (`ge2026-11-01`, `le2026-11-30`, `2026-12`, `lt2026-11-05T10:00:00Z`) as
 * bounds on an instant. A year, month or bare date is that whole London calendar period (so `le` includes
 * it); a date-time without a zone is London time; one with a zone is exact. Only eq, ge, le, gt and lt are supported: anything else is refused, not ignored.
 */
export function dateSearchBounds(parameter: string, value: string): InstantBound[] {
  const match = /^([a-z]{2}(?=\d))?(.+)$/.exec(value.trim());
  const prefix = (match?.[1] ?? 'eq') as Prefix;
  if (!PREFIXES.includes(prefix))
    throw invalidSearch(
      parameter,
      `${parameter}: prefix "${prefix}" is not supported; use one of ${PREFIXES.join(', ')}`,
    );
  const text = match![2];
  let start: DateTime;
  let end: DateTime;
  // FHIR search dates are ranges at their precision: 2026 is the year, 2026-12 the month, a date the day
  // (all as London calendar periods), a zone-less date-time the London minute or second, a zoned one exact.
  if (/^\d{4}$/.test(text)) {
    start = DateTime.fromFormat(text, 'yyyy', { zone: LONDON });
    end = start.plus({ years: 1 });
  } else if (/^\d{4}-\d{2}$/.test(text)) {
    start = DateTime.fromFormat(text, 'yyyy-MM', { zone: LONDON });
    end = start.plus({ months: 1 });
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    start = DateTime.fromISO(text, { zone: LONDON });
    end = start.plus({ days: 1 });
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) {
    start = DateTime.fromISO(text, { zone: LONDON });
    end = start.plus(text.length === 16 ? { minutes: 1 } : { seconds: 1 });
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    start = DateTime.fromISO(text, { setZone: true });
    end = start.plus({ milliseconds: 1 });
  } else {
    throw invalidSearch(
      parameter,
      `${parameter} must be a year (YYYY), a month (YYYY-MM), a date (YYYY-MM-DD) or a date-time, optionally prefixed eq, ge, le, gt or lt`,
    );
  }
  if (!start.isValid) throw invalidSearch(parameter, `${parameter}: "${text}" is not a real date`);
  const from = start.toJSDate();
  const until = end.toJSDate();
  switch (prefix) {
    case 'eq':
      return [
        { op: '>=', at: from },
        { op: '<', at: until },
      ];
    case 'ge':
      return [{ op: '>=', at: from }];
    case 'gt':
      return [{ op: '>=', at: until }];
    case 'le':
      return [{ op: '<', at: until }];
    case 'lt':
      return [{ op: '<', at: from }];
  }
}
