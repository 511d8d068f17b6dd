import { fidelityScore, figureOf } from './fidelity-score';

const unit = (met: boolean) => ({ subjectId: 's', episodeId: 'e', peerWorkerId: 'p', met });

describe('fidelity score', () => {
  it('gives an indicator’s rate as met over counted, to three decimals', () => {
    expect(figureOf([unit(true), unit(false), unit(false)])).toEqual({ numerator: 1, denominator: 3, rate: 0.333 });
  });

  it('gives no rate (not zero) to an indicator with nothing to count', () => {
    expect(figureOf([])).toEqual({ numerator: 0, denominator: 0, rate: null });
  });

  it('averages the rates of the indicators that have a denominator, each weighing the same', () => {
    expect(
      fidelityScore([
        { numerator: 1, denominator: 1, rate: 1 },
        { numerator: 1, denominator: 4, rate: 0.25 },
        { numerator: 0, denominator: 0, rate: null },
      ]),
    ).toBe(0.625);
    expect(fidelityScore([{ numerator: 0, denominator: 0, rate: null }])).toBeNull();
  });
});
