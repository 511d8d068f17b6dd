import { instrumentOf, OUTCOME_INSTRUMENTS } from './outcome-instruments';
import { itemProblems, scoreItems } from './outcome-scoring';

const hhi = instrumentOf('hhi')!;
const ucla3 = instrumentOf('ucla3')!;
const swemwbs = instrumentOf('swemwbs')!;
const qpr15 = instrumentOf('qpr15')!;
const all = (n: number, v: number) => Array.from({ length: n }, () => v);

describe('outcome scoring from the catalogue', () => {
  it('scores the Herth Hope Index from 12 at the floor to 48 at the ceiling, reversing items 3 and 6', () => {
    // All 1s: items 3 and 6 reverse to 4 each → 10 × 1 + 2 × 4 = 18.
    expect(scoreItems(hhi, all(12, 1)).rawTotal).toBe(18);
    // The lowest hope possible: 1 everywhere except 4 on the reversed items → 12.
    const lowest = all(12, 1).map((v, i) => ([2, 5].includes(i) ? 4 : v));
    expect(scoreItems(hhi, lowest)).toEqual({ itemsAnswered: 12, rawTotal: 12, score: 12, notScoredReason: null });
    const highest = all(12, 4).map((v, i) => ([2, 5].includes(i) ? 1 : v));
    expect(scoreItems(hhi, highest).score).toBe(48);
  });

  it('scores the UCLA 3-item scale 3–9', () => {
    expect(scoreItems(ucla3, [1, 1, 1]).score).toBe(3);
    expect(scoreItems(ucla3, [3, 3, 3]).score).toBe(9);
    expect(scoreItems(ucla3, [1, 2, 3]).score).toBe(6);
  });

  it('converts the SWEMWBS raw total by the published metric table: 7 → 7.00, 21 → 19.25, 35 → 35.00', () => {
    expect(scoreItems(swemwbs, all(7, 1))).toEqual({ itemsAnswered: 7, rawTotal: 7, score: 7, notScoredReason: null });
    expect(scoreItems(swemwbs, all(7, 3))).toMatchObject({ rawTotal: 21, score: 19.25 });
    expect(scoreItems(swemwbs, all(7, 5))).toMatchObject({ rawTotal: 35, score: 35 });
    expect(Object.keys(swemwbs.conversionTable!).map(Number)).toEqual(Array.from({ length: 29 }, (_, i) => i + 7));
  });

  // The published SWEMWBS raw → metric conversion (Stewart-Brown et al. 2009; Warwick Medical School's table), as
  // printed there: checked entry by entry against the catalogue, so a typo in either is caught.
  const PUBLISHED_SWEMWBS =
    '7→7.00 8→9.51 9→11.25 10→12.40 11→13.33 12→14.08 13→14.75 14→15.32 15→15.84 16→16.36 17→16.88 18→17.43 ' +
    '19→17.98 20→18.59 21→19.25 22→19.98 23→20.73 24→21.54 25→22.35 26→23.21 27→24.11 28→25.03 29→26.02 30→27.03 ' +
    '31→28.13 32→29.31 33→30.70 34→32.55 35→35.00';

  it('holds the SWEMWBS metric table exactly as published, raw 7–35, rising with the raw total', () => {
    const published = Object.fromEntries(
      PUBLISHED_SWEMWBS.split(' ').map((pair) => pair.split('→').map(Number) as [number, number]),
    );
    expect(swemwbs.conversionTable).toEqual(published);
    const metric = Object.values(swemwbs.conversionTable!);
    expect(metric.every((m, i) => i === 0 || m > metric[i - 1])).toBe(true);
  });

  it('scores SWEMWBS at and next to its limits: raw 7 → 7.00, 8 → 9.51, 34 → 32.55, 35 → 35.00', () => {
    expect(scoreItems(swemwbs, all(7, 1)).score).toBe(7);
    expect(scoreItems(swemwbs, [2, 1, 1, 1, 1, 1, 1])).toMatchObject({ rawTotal: 8, score: 9.51 });
    expect(scoreItems(swemwbs, [5, 5, 5, 5, 5, 5, 4])).toMatchObject({ rawTotal: 34, score: 32.55 });
    expect(scoreItems(swemwbs, all(7, 5)).score).toBe(35);
    // Outside the item range (1–5) nothing is scored: the item is named instead.
    expect(itemProblems(swemwbs, [0, 1, 1, 1, 1, 1, 1]).map((p) => p.field)).toEqual(['itemScores[0]']);
    expect(itemProblems(swemwbs, [1, 1, 1, 1, 1, 1, 6]).map((p) => p.field)).toEqual(['itemScores[6]']);
    expect(scoreItems(swemwbs, [1, 1, 1, null, 1, 1, 1])).toMatchObject({ rawTotal: null, score: null });
  });

  it('scores the QPR-15 0–60', () => {
    expect(scoreItems(qpr15, all(15, 0)).score).toBe(0);
    expect(scoreItems(qpr15, all(15, 4)).score).toBe(60);
  });

  it('does not score a form with an item left blank where the manual allows none', () => {
    expect(scoreItems(ucla3, [1, null, 3])).toMatchObject({ itemsAnswered: 2, rawTotal: null, score: null });
    expect(scoreItems(ucla3, [1, null, 3]).notScoredReason).toContain('1 item(s) left blank');
  });

  it('names each item out of range, and a wrong item count', () => {
    expect(itemProblems(hhi, [...all(11, 2), 5])).toEqual([
      { field: 'itemScores[11]', message: 'Item 12 of Herth Hope Index is scored 1–4 (or null if left blank)' },
    ]);
    expect(itemProblems(qpr15, [...all(14, 0), 2.5])[0].field).toBe('itemScores[14]');
    expect(itemProblems(ucla3, [0, 1, 1])[0].field).toBe('itemScores[0]');
    expect(itemProblems(swemwbs, all(6, 3))).toEqual([
      { field: 'itemScores', message: 'Short Warwick-Edinburgh Mental Wellbeing Scale has 7 items; 6 were given' },
    ]);
  });

  it('keeps every total range consistent with its items', () => {
    for (const i of OUTCOME_INSTRUMENTS) {
      expect([i.totalMin, i.totalMax]).toEqual([i.itemCount * i.itemMin, i.itemCount * i.itemMax]);
    }
  });
});
