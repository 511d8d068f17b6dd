import type { FidelityIndicatorKey } from './fidelity-indicators';
import type { FidelityUnitRow } from './fidelity.repository';

export interface IndicatorFigure {
  numerator: number;
  denominator: number;
  /** numerator / denominator to three decimals; null with no denominator. */
  rate: number | null;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function figureOf(units: readonly FidelityUnitRow[]): IndicatorFigure {
  const numerator = units.filter((u) => u.met).length;
  return { numerator, denominator: units.length, rate: units.length === 0 ? null : round3(numerator / units.length) };
}

/** The fidelity score: the mean rate of the indicators that have a denominator, each weighing the same; null if none has. */
export function fidelityScore(figures: readonly IndicatorFigure[]): number | null {
  const rates = figures.map((f) => f.rate).filter((r): r is number => r !== null);
  return rates.length === 0 ? null : round3(rates.reduce((a, b) => a + b, 0) / rates.length);
}

/** Units of every indicator grouped by a key of the unit (its peer worker or episode). */
export function groupUnits(
  units: ReadonlyMap<FidelityIndicatorKey, FidelityUnitRow[]>,
  by: (u: FidelityUnitRow) => string | null,
): Map<string, Map<FidelityIndicatorKey, FidelityUnitRow[]>> {
  const groups = new Map<string, Map<FidelityIndicatorKey, FidelityUnitRow[]>>();
  for (const [key, rows] of units) {
    for (const row of rows) {
      const id = by(row);
      if (id === null) continue;
      const group = groups.get(id) ?? new Map<FidelityIndicatorKey, FidelityUnitRow[]>();
      group.set(key, [...(group.get(key) ?? []), row]);
      groups.set(id, group);
    }
  }
  return groups;
}
