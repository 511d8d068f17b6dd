import type { Bundle, Resource } from '@medplum/fhirtypes';
import { invalidSearch } from './fhir-errors';
import { UK_CORE_PROFILE } from './fhir-vocabulary';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;

/** Parameters every search accepts, besides the resource type's own. */
export const COMMON_SEARCH_PARAMETERS = {
  _id: 'Logical id of the resource',
  _count: `Page size, 0 to ${MAX_COUNT} (default ${DEFAULT_COUNT}; 0 answers the total only)`,
  _offset: 'How many matches to skip (use the Bundle next link rather than setting it)',
  _format: 'json, application/json or application/fhir+json only',
  _summary: 'count (the total only), true (summary elements only), data (without text) or false',
  _elements: 'Comma-separated top-level elements to return (id, meta and mandatory elements are always returned)',
  _sort: 'A date parameter of this type, - before it for newest first (e.g. -date)',
} as const;

export const SUMMARY_MODES = ['true', 'false', 'count', 'data'] as const;
export type SummaryMode = (typeof SUMMARY_MODES)[number];

export interface SearchRequest {
  /** The resource type's own parameters, one value each. */
  params: Record<string, string>;
  /** Parameters that may be given more than once (dates: `date=ge…&date=le…`), every value. */
  repeated: Record<string, string[]>;
  ids: string[] | null;
  count: number;
  offset: number;
  /** `_summary`, when given (`count` has already set count to 0). */
  summary: SummaryMode | null;
  /** `_elements`, when given: the top-level elements to keep. */
  elements: string[] | null;
  /** `_sort`: date parameters in order, each ascending unless prefixed with -. */
  sort: { param: string; descending: boolean }[];
}

const JSON_FORMATS = ['json', 'application/json', 'application/fhir+json'];
const nonNegativeInteger = /^\d{1,6}$/;

/**
 * Read the query string of a search. Unknown parameters are refused (400), rather than ignored,
 * so a client never mistakes an unfiltered result for a filtered one.
 */
export function parseSearch(
  query: Record<string, string | string[] | undefined>,
  supported: readonly string[],
  repeatable: readonly string[] = [],
  negatable: readonly string[] = [],
): SearchRequest {
  const params: Record<string, string> = {};
  const repeated: Record<string, string[]> = {};
  let count = DEFAULT_COUNT;
  let offset = 0;
  let ids: string[] | null = null;
  let summary: SummaryMode | null = null;
  let elements: string[] | null = null;
  let sort: SearchRequest['sort'] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    if (name.endsWith(':not') && negatable.includes(name.slice(0, -4))) {
      // A token search with :not matches resources whose value is none of those given (FHIR R4 §3.1.1.4.5).
      if (Array.isArray(raw) || raw.trim() === '')
        throw invalidSearch(name, `Search parameter ${name} needs one value`);
      params[name] = raw;
      continue;
    }
    if (repeatable.includes(name)) {
      const values = Array.isArray(raw) ? raw : [raw];
      if (values.some((v) => v.trim() === '')) throw invalidSearch(name, `Search parameter ${name} needs a value`);
      repeated[name] = values;
      continue;
    }
    if (Array.isArray(raw)) throw invalidSearch(name, `Search parameter ${name} may be given once`);
    if (name === '_count') {
      if (!nonNegativeInteger.test(raw) || Number(raw) > MAX_COUNT)
        throw invalidSearch(name, `_count must be a whole number from 0 to ${MAX_COUNT}`);
      count = Number(raw);
    } else if (name === '_offset') {
      if (!nonNegativeInteger.test(raw)) throw invalidSearch(name, '_offset must be a whole number, 0 or more');
      offset = Number(raw);
    } else if (name === '_format') {
      if (!JSON_FORMATS.includes(raw))
        throw invalidSearch(name, `Only JSON is served: _format may be ${JSON_FORMATS.join(', ')}`);
    } else if (name === '_summary') {
      if (!(SUMMARY_MODES as readonly string[]).includes(raw))
        throw invalidSearch(name, `_summary must be one of ${SUMMARY_MODES.join(', ')}`);
      summary = raw as SummaryMode;
    } else if (name === '_elements') {
      elements = raw
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      if (elements.length === 0 || elements.some((e) => !/^[a-z][A-Za-z0-9]*(\[x\])?$/.test(e)))
        throw invalidSearch(name, '_elements must list top-level element names, comma-separated');
    } else if (name === '_sort') {
      sort = raw
        .split(',')
        .map((key) => ({ param: key.trim().replace(/^-/, ''), descending: key.trim().startsWith('-') }));
      const unsortable = sort.find((key) => !repeatable.includes(key.param));
      if (unsortable)
        throw invalidSearch(
          name,
          `_sort: "${unsortable.param}" cannot be sorted on here; use ${repeatable.length ? repeatable.map((p) => `${p} or -${p}`).join(', ') : 'nothing (this type has no date parameter)'}`,
        );
    } else if (name === '_id') {
      ids = raw
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
    } else if (supported.includes(name)) {
      if (raw.trim() === '') throw invalidSearch(name, `Search parameter ${name} needs a value`);
      params[name] = raw;
    } else {
      const all = [...supported, ...Object.keys(COMMON_SEARCH_PARAMETERS)];
      throw invalidSearch(
        name,
        `Search parameter "${name}" is not supported here; supported: ${all.join(', ')} (see /fhir/r4/metadata)`,
      );
    }
  }
  if (summary === 'count') count = 0;
  return { params, repeated, ids, count, offset, summary, elements, sort };
}

/** A reference search value, `Patient/<id>` or `<id>`, to the id; null when it names another type. */
export function referencedId(value: string, type: string): string | null {
  const parts = value.split('/');
  if (parts.length === 1) return parts[0];
  if (parts.length === 2 && parts[0] === type) return parts[1];
  return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ENRICH ids are UUIDs; anything else cannot match (and must not reach PostgreSQL as a uuid). */
export const isRecordId = (value: string) => UUID.test(value);

/** A searchset Bundle with the total and self/next/previous links (offset paging, stable order). */
export function searchsetBundle(
  baseUrl: string,
  type: string,
  search: SearchRequest,
  found: { total: number; resources: Resource[] },
): Bundle {
  const link = (offset: number) => {
    const query = new URLSearchParams({ ...search.params });
    for (const [name, values] of Object.entries(search.repeated)) for (const value of values) query.append(name, value);
    if (search.ids) query.set('_id', search.ids.join(','));
    if (search.summary) query.set('_summary', search.summary);
    if (search.elements) query.set('_elements', search.elements.join(','));
    if (search.sort.length > 0)
      query.set('_sort', search.sort.map((key) => `${key.descending ? '-' : ''}${key.param}`).join(','));
    query.set('_count', String(search.count));
    query.set('_offset', String(offset));
    return `${baseUrl}/${type}?${query.toString()}`;
  };
  const links: Bundle['link'] = [{ relation: 'self', url: link(search.offset) }];
  if (search.count > 0 && search.offset + search.count < found.total)
    links.push({ relation: 'next', url: link(search.offset + search.count) });
  if (search.offset > 0)
    links.push({ relation: 'previous', url: link(Math.max(0, search.offset - Math.max(search.count, 1))) });
  return {
    resourceType: 'Bundle',
    meta: { profile: [UK_CORE_PROFILE('Bundle')] },
    type: 'searchset',
    total: found.total,
    link: links,
    // FHIR JSON allows no empty arrays: a page without matches (or _summary=count) has no entry at all.
    ...(found.resources.length > 0
      ? {
          entry: found.resources.map((resource) => ({
            fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`,
            resource: subset(resource, search),
            search: { mode: 'match' as const },
          })),
        }
      : {}),
  };
}

/**
 * The summary elements of each served type (the base specification's isSummary flags, for the elements we
 * fill). `_summary=true` and `_elements` keep those (and id, meta), and tag the resource SUBSETTED.
 */
const SUMMARY_ELEMENTS: Record<string, string[]> = {
  Patient: [
    'identifier',
    'active',
    'name',
    'telecom',
    'gender',
    'birthDate',
    'deceasedBoolean',
    'deceasedDateTime',
    'address',
    'managingOrganization',
    'link',
  ],
  EpisodeOfCare: [
    'identifier',
    'status',
    'type',
    'diagnosis',
    'patient',
    'managingOrganization',
    'period',
    'referralRequest',
    'careManager',
    'team',
    'account',
  ],
  CareTeam: [
    'identifier',
    'status',
    'category',
    'name',
    'subject',
    'encounter',
    'period',
    'participant',
    'managingOrganization',
  ],
  Practitioner: ['identifier', 'active', 'name', 'telecom', 'address', 'gender', 'birthDate'],
  PractitionerRole: [
    'identifier',
    'active',
    'period',
    'practitioner',
    'organization',
    'code',
    'specialty',
    'location',
    'healthcareService',
    'telecom',
    'endpoint',
  ],
  Encounter: [
    'identifier',
    'status',
    'class',
    'type',
    'serviceType',
    'priority',
    'subject',
    'episodeOfCare',
    'basedOn',
    'participant',
    'appointment',
    'period',
    'length',
    'reasonCode',
    'reasonReference',
    'diagnosis',
    'account',
    'serviceProvider',
    'partOf',
  ],
  Appointment: [
    'identifier',
    'status',
    'cancelationReason',
    'serviceCategory',
    'serviceType',
    'specialty',
    'appointmentType',
    'priority',
    'description',
    'start',
    'end',
    'minutesDuration',
    'slot',
    'created',
    'participant',
  ],
  CarePlan: [
    'identifier',
    'instantiatesCanonical',
    'instantiatesUri',
    'basedOn',
    'replaces',
    'partOf',
    'status',
    'intent',
    'category',
    'title',
    'subject',
    'encounter',
    'period',
    'author',
  ],
};

/** Elements the base specification makes mandatory (min 1): always returned, asked for or not (R4 §3.1.1.5.9). */
const MANDATORY_ELEMENTS: Record<string, string[]> = {
  EpisodeOfCare: ['status', 'patient'],
  Encounter: ['status', 'class'],
  Appointment: ['status', 'participant'],
  CarePlan: ['status', 'intent', 'subject'],
};

const SUBSETTED = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'As requested, resource has been subsetted',
};

export function subset<R extends Resource>(resource: R, search: Pick<SearchRequest, 'summary' | 'elements'>): R {
  const keep =
    search.summary === 'true'
      ? SUMMARY_ELEMENTS[resource.resourceType]
      : search.summary === 'data'
        ? null
        : search.elements;
  if (search.summary === 'data') {
    const { text: _text, ...rest } = resource as R & { text?: unknown };
    return rest as R;
  }
  if (!keep) return resource;
  const always = ['resourceType', 'id', 'meta', ...(MANDATORY_ELEMENTS[resource.resourceType] ?? [])];
  const kept = Object.fromEntries(
    Object.entries(resource).filter(([key]) => always.includes(key) || keep.includes(key)),
  );
  const meta = resource.meta ?? {};
  return { ...kept, meta: { ...meta, tag: [...(meta.tag ?? []), SUBSETTED] } } as R;
}
