import type { Bundle, Resource } from '@medplum/fhirtypes';
import { invalidSearch } from './fhir-errors';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;

/** Parameters every search accepts, besides the resource type's own. */
export const COMMON_SEARCH_PARAMETERS = {
  _id: 'Logical id of the resource',
  _count: `Page size, 0 to ${MAX_COUNT} (default ${DEFAULT_COUNT}; 0 answers the total only)`,
  _offset: 'How many matches to skip (use the Bundle next link rather than setting it)',
  _format: 'json, application/json or application/fhir+json only',
} as const;

export interface SearchRequest {
  /** The resource type's own parameters, one value each. */
  params: Record<string, string>;
  /** Parameters that may be given more than once (dates: `date=ge…&date=le…`), every value. */
  repeated: Record<string, string[]>;
  ids: string[] | null;
  count: number;
  offset: number;
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
): SearchRequest {
  const params: Record<string, string> = {};
  const repeated: Record<string, string[]> = {};
  let count = DEFAULT_COUNT;
  let offset = 0;
  let ids: string[] | null = null;
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    if (repeatable.includes(name)) {
      const values = Array.isArray(raw) ? raw : [raw];
      if (values.some((v) => v.trim() === '')) throw invalidSearch(name, `Search parameter ${name} needs a value`);
      repeated[name] = values;
      continue;
    }
    if (Array.isArray(raw)) throw invalidSearch(name, `Search parameter ${name} may be given once`);
    if (name === '_count') {
      if (!nonNegativeInteger.test(raw) || Number(raw) > MAX_COUNT) throw invalidSearch(name, `_count must be a whole number from 0 to ${MAX_COUNT}`);
      count = Number(raw);
    } else if (name === '_offset') {
      if (!nonNegativeInteger.test(raw)) throw invalidSearch(name, '_offset must be a whole number, 0 or more');
      offset = Number(raw);
    } else if (name === '_format') {
      if (!JSON_FORMATS.includes(raw)) throw invalidSearch(name, `Only JSON is served: _format may be ${JSON_FORMATS.join(', ')}`);
    } else if (name === '_id') {
      ids = raw.split(',').map((id) => id.trim()).filter(Boolean);
    } else if (supported.includes(name)) {
      if (raw.trim() === '') throw invalidSearch(name, `Search parameter ${name} needs a value`);
      params[name] = raw;
    } else {
      const all = [...supported, ...Object.keys(COMMON_SEARCH_PARAMETERS)];
      throw invalidSearch(name, `Search parameter "${name}" is not supported here; supported: ${all.join(', ')} (see /fhir/r4/metadata)`);
    }
  }
  return { params, repeated, ids, count, offset };
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
    query.set('_count', String(search.count));
    query.set('_offset', String(offset));
    return `${baseUrl}/${type}?${query.toString()}`;
  };
  const links: Bundle['link'] = [{ relation: 'self', url: link(search.offset) }];
  if (search.count > 0 && search.offset + search.count < found.total) links.push({ relation: 'next', url: link(search.offset + search.count) });
  if (search.offset > 0) links.push({ relation: 'previous', url: link(Math.max(0, search.offset - Math.max(search.count, 1))) });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: found.total,
    link: links,
    entry: found.resources.map((resource) => ({ fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
  };
}
