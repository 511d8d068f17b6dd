import { dateSearchBounds } from './fhir-date-search';

describe('FHIR date search', () => {
  it('reads a bare date as the whole London day, so le includes the day and lt excludes it', () => {
    // 1 November 2026 is GMT; 1 July 2026 is BST (midnight in London is 23:00 UTC the day before).
    expect(dateSearchBounds('date', 'ge2026-11-01')).toEqual([{ op: '>=', at: new Date('2026-11-01T00:00:00Z') }]);
    expect(dateSearchBounds('date', 'le2026-07-01')).toEqual([{ op: '<', at: new Date('2026-07-01T23:00:00Z') }]);
    expect(dateSearchBounds('date', 'lt2026-07-01')).toEqual([{ op: '<', at: new Date('2026-06-30T23:00:00Z') }]);
    expect(dateSearchBounds('date', 'gt2026-11-01')).toEqual([{ op: '>=', at: new Date('2026-11-02T00:00:00Z') }]);
    expect(dateSearchBounds('date', '2026-11-01')).toEqual([
      { op: '>=', at: new Date('2026-11-01T00:00:00Z') },
      { op: '<', at: new Date('2026-11-02T00:00:00Z') },
    ]);
  });

  it('takes a date-time with its zone exactly', () => {
    expect(dateSearchBounds('date', 'ge2026-11-01T10:30:00+01:00')).toEqual([
      { op: '>=', at: new Date('2026-11-01T09:30:00Z') },
    ]);
  });

  it('reads a month or a year as that whole London period', () => {
    expect(dateSearchBounds('date', '2026-12')).toEqual([
      { op: '>=', at: new Date('2026-12-01T00:00:00Z') },
      { op: '<', at: new Date('2027-01-01T00:00:00Z') },
    ]);
    // July is BST: the month starts at 23:00 UTC on 30 June.
    expect(dateSearchBounds('date', 'ge2026-07')).toEqual([{ op: '>=', at: new Date('2026-06-30T23:00:00Z') }]);
    expect(dateSearchBounds('date', 'le2026')).toEqual([{ op: '<', at: new Date('2027-01-01T00:00:00Z') }]);
  });

  it('reads a date-time without a zone as London time, to its precision', () => {
    expect(dateSearchBounds('date', '2026-07-01T10:00')).toEqual([
      { op: '>=', at: new Date('2026-07-01T09:00:00Z') },
      { op: '<', at: new Date('2026-07-01T09:01:00Z') },
    ]);
    expect(dateSearchBounds('date', 'ge2026-11-01T10:00:30')).toEqual([
      { op: '>=', at: new Date('2026-11-01T10:00:30Z') },
    ]);
  });

  it('refuses an unsupported prefix and an impossible date', () => {
    expect(() => dateSearchBounds('date', 'sa2026-11-01')).toThrow(/prefix "sa"/);
    expect(() => dateSearchBounds('date', '2026-02-30')).toThrow(/not a real date/);
    expect(() => dateSearchBounds('date', '2026-13')).toThrow(/not a real date/);
    expect(() => dateSearchBounds('date', 'yesterday')).toThrow(/must be a year/);
  });
});
