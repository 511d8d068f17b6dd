import type { OutcomeInstrument } from './outcome-instruments';

export interface ItemProblem {
  /** `itemScores[3]`: the field path of the offending item (0-based, as sent). */
  field: string;
  message: string;
}

export interface Scored {
  itemsAnswered: number;
  rawTotal: number | null;
  score: number | null;
  notScoredReason: string | null;
}

/** Every item that breaks the catalogue (count, whole numbers, range), each named; empty when valid. */
export function itemProblems(instrument: OutcomeInstrument, items: readonly unknown[]): ItemProblem[] {
  if (items.length !== instrument.itemCount) {
    return [
      {
        field: 'itemScores',
        message: `${instrument.name} has ${instrument.itemCount} items; ${items.length} were given`,
      },
    ];
  }
  return items.flatMap((value, index): ItemProblem[] =>
    value === null ||
    (Number.isInteger(value) && (value as number) >= instrument.itemMin && (value as number) <= instrument.itemMax)
      ? []
      : [
          {
            field: `itemScores[${index}]`,
            message: `Item ${index + 1} of ${instrument.name} is scored ${instrument.itemMin}–${instrument.itemMax} (or null if left blank)`,
          },
        ],
  );
}

/**
 * Score valid items as the catalogue says: reverse the reversed items, apply the missing-item rule, sum,
 * convert where the instrument has a conversion table.
 */
export function scoreItems(instrument: OutcomeInstrument, items: readonly (number | null)[]): Scored {
  const answered = items.filter((v): v is number => v !== null);
  const missing = items.length - answered.length;
  if (missing > instrument.missingItems.maxMissing || answered.length === 0) {
    return {
      itemsAnswered: answered.length,
      rawTotal: null,
      score: null,
      notScoredReason: `${missing} item(s) left blank: ${instrument.missingItems.note}`,
    };
  }
  const keyed = items.map((v, i) =>
    v === null ? null : instrument.reversedItems.includes(i + 1) ? instrument.itemMin + instrument.itemMax - v : v,
  );
  const sum = keyed.reduce<number>((total, v) => total + (v ?? 0), 0);
  const mean = sum / answered.length;
  const rawTotal = Math.round(instrument.missingItems.method === 'prorate_mean' ? sum + mean * missing : sum);
  const score = instrument.scoring === 'sum_then_convert' ? (instrument.conversionTable?.[rawTotal] ?? null) : rawTotal;
  return { itemsAnswered: answered.length, rawTotal, score, notScoredReason: null };
}
