/**
 * The outcome instrument catalogue: each instrument as data (items, range, reversed items, scoring rule,
 * conversion table, missing-item rule, licence). One scoring engine (outcome-scoring.ts) reads it; adding an
 * instrument is adding an entry. No item wording is shipped: the forms are the licensors' to distribute.
 */
export const OUTCOME_INSTRUMENT_CODES = ['hhi', 'ucla3', 'swemwbs', 'qpr15'] as const;
export type OutcomeInstrumentCode = (typeof OUTCOME_INSTRUMENT_CODES)[number];

export const SERVICE_USER_TIMEPOINTS = ['baseline', 'end_of_support', 'follow_up'] as const;
export const PEER_WORKER_TIMEPOINTS = ['employment_start', 'employment_review', 'employment_end'] as const;

export interface MissingItemRule {
  /** Most items that may be left blank and the form still scored. */
  maxMissing: number;
  /** How blanks are filled when allowed: the mean of the answered items (prorating). */
  method: 'not_scored' | 'prorate_mean';
  /** What the manual says, in a line. */
  note: string;
}

export interface OutcomeInstrument {
  code: OutcomeInstrumentCode;
  name: string;
  measures: string;
  itemCount: number;
  itemMin: number;
  itemMax: number;
  /** 1-based item numbers scored in reverse (itemMin + itemMax − answer). */
  reversedItems: number[];
  /** How the score is made: the raw sum, or the raw sum converted by `conversionTable`. */
  scoring: 'sum' | 'sum_then_convert';
  /** Raw total → reported score, where the instrument publishes one. */
  conversionTable: Record<number, number> | null;
  totalMin: number;
  totalMax: number;
  /** Higher is better (hope, wellbeing, recovery) or worse (loneliness): says which way change is good. */
  higherIsBetter: boolean;
  missingItems: MissingItemRule;
  /** Who can be asked to complete it. */
  subjects: ('service_user' | 'peer_worker')[];
  licence: string;
  reference: string;
}

/** SWEMWBS raw total (7–35) → metric score, from the published conversion table (Rasch-based). */
const SWEMWBS_METRIC: Record<number, number> = {
  7: 7.0,
  8: 9.51,
  9: 11.25,
  10: 12.4,
  11: 13.33,
  12: 14.08,
  13: 14.75,
  14: 15.32,
  15: 15.84,
  16: 16.36,
  17: 16.88,
  18: 17.43,
  19: 17.98,
  20: 18.59,
  21: 19.25,
  22: 19.98,
  23: 20.73,
  24: 21.54,
  25: 22.35,
  26: 23.21,
  27: 24.11,
  28: 25.03,
  29: 26.02,
  30: 27.03,
  31: 28.13,
  32: 29.31,
  33: 30.7,
  34: 32.55,
  35: 35.0,
};

export const OUTCOME_INSTRUMENTS: readonly OutcomeInstrument[] = [
  {
    code: 'hhi',
    name: 'Herth Hope Index',
    measures: 'hope',
    itemCount: 12,
    itemMin: 1,
    itemMax: 4,
    reversedItems: [3, 6],
    scoring: 'sum',
    conversionTable: null,
    totalMin: 12,
    totalMax: 48,
    higherIsBetter: true,
    missingItems: {
      maxMissing: 0,
      method: 'not_scored',
      note: 'The index is summed over all 12 items; an incomplete form is not scored.',
    },
    subjects: ['service_user'],
    licence: '© Kaye Herth. Used with the author’s permission; item wording is not reproduced here.',
    reference: 'Herth K. Abbreviated instrument to measure hope. J Adv Nurs 1992;17:1251–9.',
  },
  {
    code: 'ucla3',
    name: 'UCLA 3-item Loneliness Scale',
    measures: 'loneliness',
    itemCount: 3,
    itemMin: 1,
    itemMax: 3,
    reversedItems: [],
    scoring: 'sum',
    conversionTable: null,
    totalMin: 3,
    totalMax: 9,
    higherIsBetter: false,
    missingItems: { maxMissing: 0, method: 'not_scored', note: 'All three items are needed for a total.' },
    subjects: ['service_user', 'peer_worker'],
    licence: 'Hughes et al. (2004); free to use for research and evaluation; wording not reproduced here.',
    reference: 'Hughes ME, Waite LJ, Hawkley LC, Cacioppo JT. Res Aging 2004;26:655–72.',
  },
  {
    code: 'swemwbs',
    name: 'Short Warwick-Edinburgh Mental Wellbeing Scale',
    measures: 'mental wellbeing',
    itemCount: 7,
    itemMin: 1,
    itemMax: 5,
    reversedItems: [],
    scoring: 'sum_then_convert',
    conversionTable: SWEMWBS_METRIC,
    totalMin: 7,
    totalMax: 35,
    higherIsBetter: true,
    missingItems: {
      maxMissing: 0,
      method: 'not_scored',
      note: 'The raw total of all 7 items is converted by the metric table; missing items are not imputed.',
    },
    subjects: ['service_user', 'peer_worker'],
    licence:
      '© NHS Health Scotland, University of Warwick and University of Edinburgh; free with a registered licence; wording not reproduced here.',
    reference: 'Stewart-Brown S et al. Health Qual Life Outcomes 2009;7:15.',
  },
  {
    code: 'qpr15',
    name: 'Questionnaire about the Process of Recovery (15 items)',
    measures: 'personal recovery',
    itemCount: 15,
    itemMin: 0,
    itemMax: 4,
    reversedItems: [],
    scoring: 'sum',
    conversionTable: null,
    totalMin: 0,
    totalMax: 60,
    higherIsBetter: true,
    missingItems: {
      maxMissing: 0,
      method: 'not_scored',
      note: 'Summed over all 15 items; an incomplete form is not scored.',
    },
    subjects: ['service_user'],
    licence: 'Neil et al. (2009), Law et al. (2014); free to use; wording not reproduced here.',
    reference:
      'Law H, Neil ST, Dunn G, Morrison AP. Psychometric properties of the QPR. Psychiatry Res 2014;216:143–6.',
  },
];

export function instrumentOf(code: string): OutcomeInstrument | undefined {
  return OUTCOME_INSTRUMENTS.find((i) => i.code === code);
}
