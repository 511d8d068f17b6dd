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
