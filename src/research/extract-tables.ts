import type { DateHandling, Deidentifier } from './deidentify';
import { ageBand } from './deidentify';

/** The tables of a research extract; each is one CSV file, `<table>.csv`. */
export const EXTRACT_TABLES = [
  'participants',
  'episode_transitions',
  'meetings',
  'contacts',
  'fidelity',
  'outcomes',
  'readmissions',
] as const;
export type ExtractTable = (typeof EXTRACT_TABLES)[number];
/** Tables read straight from one SQL query through a cursor (fidelity is computed by the fidelity area). */
export type CursorTable = Exclude<ExtractTable, 'fidelity'>;
export const EXTRACT_FILES = EXTRACT_TABLES.map((t) => `${t}.csv` as const);
export type ExtractFile = (typeof EXTRACT_FILES)[number];

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';
export type ExtractRow = Record<string, unknown>;

export interface ExtractColumn {
  name: string;
  type: ColumnType;
  description: string;
  /** How the value was de-identified; for dates it depends on the configured date handling. */
  deidentification: string | ((dates: DateHandling, shiftDays: number) => string);
  value: (row: ExtractRow, d: Deidentifier) => unknown;
}

export interface ExtractTableDefinition {
  table: ExtractTable;
  description: string;
  columns: ExtractColumn[];
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);
const personOf = (row: ExtractRow) => String(row.serviceUserId);

const NOT_IDENTIFYING = 'none: a code, category, count or score';
export const DATE_TREATMENT = (dates: DateHandling, shiftDays: number) =>
  dates === 'shift'
    ? `shifted by the person's own offset (whole days, between -${shiftDays} and +${shiftDays}, never 0, from the key's HMAC): intervals within a person are exact`
    : dates === 'week'
      ? 'coarsened to the Monday of its ISO week (YYYY-MM-DD)'
      : 'coarsened to its month (YYYY-MM)';

const PERSON: ExtractColumn = {
  name: 'person_pseudonym',
  type: 'string',
  description: 'The service user: the same value in every table and every extract made with this key',
  deidentification:
    'HMAC-SHA256 of the service user id under the extract key (hex); stable per key, different across keys, not reversible without the key',
  value: (row, d) => d.pseudonym(personOf(row)),
};
const EPISODE: ExtractColumn = {
  name: 'episode_ref',
  type: 'string',
  description: 'The support episode (a person may have more than one): joins the tables',
  deidentification: 'HMAC-SHA256 of the episode id under the extract key, first 32 hex digits',
  value: (row, d) => d.episode(String(row.episodeId)),
};

function plain(name: string, field: string, type: ColumnType, description: string): ExtractColumn {
  return { name, type, description, deidentification: NOT_IDENTIFYING, value: (row) => row[field] ?? null };
}

function date(name: string, field: string, description: string): ExtractColumn {
  return {
    name,
    type: 'date',
    description,
    deidentification: DATE_TREATMENT,
    value: (row, d) => d.date(personOf(row), text(row[field])),
  };
}

export const EXTRACT_TABLE_DEFINITIONS: Record<ExtractTable, ExtractTableDefinition> = {
  participants: {
    table: 'participants',
    description: 'One row per support episode of a consented service user: allocation, stratum, age band, key dates',
    columns: [
      PERSON,
      EPISODE,
      plain('site_code', 'siteCode', 'string', 'ODS code of the site (an organisation, not a person)'),
      plain(
        'allocation_method',
        'allocationMethod',
        'string',
        '`randomised` (trial site), `none` (routine service) or empty before allocation',
      ),
      plain(
        'arm',
        'arm',
        'string',
        '`peer_support`, `usual_care`, or `unallocated` before allocation (routine-service episodes count as peer support)',
      ),
      plain('stratum', 'stratum', 'string', 'Diagnostic stratum of the randomisation'),
      plain('diagnosis_group', 'diagnosisGroup', 'string', 'Primary diagnosis group at referral'),
      plain('state', 'state', 'string', 'The episode state at the time of the extract'),
      plain('gender', 'gender', 'string', 'Gender as the person describes it'),
      plain('ethnicity', 'ethnicity', 'string', 'NHS ethnic category code'),
      {
        name: 'age_band',
        type: 'string',
        description: 'Age at the index date (first discharge; referral when not yet discharged)',
        deidentification:
          'computed from the date of birth, which is not extracted; banded: under_18, 18-24, 25-34, 35-44, 45-54, 55-64, 65_and_over',
        value: (row) => ageBand(typeof row.ageAtIndex === 'number' ? row.ageAtIndex : null),
      },
      date('referred_on', 'referredOn', 'Referral date'),
      date('allocated_on', 'allocatedOn', 'Allocation date (London)'),
      date('index_discharged_on', 'indexDischargedOn', 'Index discharge: the first discharge of the episode'),
      date('ended_on', 'endedOn', 'Date support ended (London)'),
      plain('ending_reason', 'endingReason', 'string', 'Why support ended (a code)'),
    ],
  },
  episode_transitions: {
    table: 'episode_transitions',
    description:
      'The timeline of each episode: every state transition, in order (reasons, which are free text, are left out)',
    columns: [
      PERSON,
      EPISODE,
      plain('sequence', 'sequence', 'integer', 'Order of the transition within the episode, from 1'),
      plain('from_state', 'fromState', 'string', 'State before (empty for the first)'),
      plain('to_state', 'toState', 'string', 'State after'),
      date('occurred_on', 'occurredOn', 'Date of the transition (London; the time of day is not extracted)'),
    ],
  },
  meetings: {
    table: 'meetings',
    description:
      'Every meeting or contact of a consented person’s episodes: mode, setting, status, dates (no notes, record or reasons)',
    columns: [
      PERSON,
      EPISODE,
      plain('mode', 'mode', 'string', 'face_to_face, telephone, video, …'),
      plain('setting', 'setting', 'string', 'ward, community_venue, service_user_home, online, …'),
      plain('status', 'status', 'string', 'planned, held, missed, cancelled, rescheduled'),
      plain('missed_by', 'missedBy', 'string', 'Who missed it, when missed'),
      plain('cancelled_by', 'cancelledBy', 'string', 'Who cancelled it, when cancelled'),
      date('planned_on', 'plannedOn', 'Planned date (London)'),
      plain('planned_duration_minutes', 'plannedDurationMinutes', 'integer', 'Planned length'),
      date('held_on', 'heldOn', 'Date it was held (London), when held'),
      plain('held_duration_minutes', 'heldDurationMinutes', 'integer', 'Actual length, when held'),
      plain(
        'planned_contact_sequence',
        'plannedContactSequence',
        'integer',
        'The contact of the community plan it was for (contacts.sequence of the same episode)',
      ),
    ],
  },
  contacts: {
    table: 'contacts',
    description:
      'The community plan of each episode: every planned contact with its window and status (step-down adherence)',
    columns: [
      PERSON,
      EPISODE,
      plain('sequence', 'sequence', 'integer', 'Order of the contact in the plan, from 1'),
      plain('phase', 'phase', 'string', 'intensive, step_down or ending'),
      plain('status', 'status', 'string', 'planned, held, missed, suspended or cancelled'),
      date('due_on', 'dueOn', 'Due date'),
      date('window_starts_on', 'windowStartsOn', 'First day of its window'),
      date('window_ends_on', 'windowEndsOn', 'Last day of its window'),
      date('held_on', 'heldOn', 'Date the meeting that fulfilled it was held (London), when held'),
    ],
  },
  fidelity: {
    table: 'fidelity',
    description:
      'Fidelity to the ENRICH model per episode and indicator, computed by the fidelity area over the episode’s course (docs/reference/fidelity.md)',
    columns: [
      PERSON,
      EPISODE,
      plain('indicator', 'indicator', 'string', 'The fidelity indicator key'),
      plain(
        'outcome',
        'outcome',
        'string',
        'met, partly_met or missed (indicators that do not apply to the episode are left out)',
      ),
      plain('numerator', 'numerator', 'integer', 'Units met (1 for an episode indicator; contacts for step-down)'),
      plain('denominator', 'denominator', 'integer', 'Units counted'),
    ],
  },
  outcomes: {
    table: 'outcomes',
    description: 'Outcome measure totals per administration (item scores are not extracted)',
    columns: [
      PERSON,
      EPISODE,
      plain('instrument', 'instrument', 'string', 'Instrument code (hhi, ucla3, swemwbs, qpr15)'),
      plain('timepoint', 'timepoint', 'string', 'baseline, end_of_support or follow_up'),
      date('administered_on', 'administeredOn', 'Date it was completed'),
      plain('items_answered', 'itemsAnswered', 'integer', 'Items answered'),
      plain(
        'raw_total',
        'rawTotal',
        'integer',
        'Raw total after reversing items; empty when the missing-item rule says it cannot be scored',
      ),
      plain(
        'score',
        'score',
        'number',
        'Reported score (the raw total, or its conversion such as the SWEMWBS metric score)',
      ),
    ],
  },
  readmissions: {
    table: 'readmissions',
    description: 'Readmission after the index discharge of each discharged episode, within 30, 90 and 365 days',
    columns: [
      PERSON,
      EPISODE,
      plain('arm', 'arm', 'string', 'As in participants'),
      date('index_discharged_on', 'indexDischargedOn', 'Index discharge'),
      date('first_readmitted_on', 'firstReadmittedOn', 'First readmission after it, if any'),
      plain(
        'days_to_first_readmission',
        'daysToFirstReadmission',
        'integer',
        'Days from the index discharge to the first readmission',
      ),
      plain('readmissions', 'readmissions', 'integer', 'Readmissions recorded for the episode'),
      plain(
        'within_30_days',
        'within30Days',
        'boolean',
        'Readmitted within 30 days; empty while the 30 days have not wholly passed',
      ),
      plain('within_90_days', 'within90Days', 'boolean', 'Readmitted within 90 days; empty while the window is open'),
      plain(
        'within_365_days',
        'within365Days',
        'boolean',
        'Readmitted within 365 days; empty while the window is open',
      ),
    ],
  },
};

/** Every column the extract can contain, by table: what the field-list test checks against. */
export const EXTRACT_COLUMNS: Record<ExtractTable, string[]> = Object.fromEntries(
  EXTRACT_TABLES.map((t) => [t, EXTRACT_TABLE_DEFINITIONS[t].columns.map((c) => c.name)]),
) as Record<ExtractTable, string[]>;
