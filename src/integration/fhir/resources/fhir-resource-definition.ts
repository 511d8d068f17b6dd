import type { Resource } from '@medplum/fhirtypes';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { isRecordId, referencedId, type SearchRequest } from '../fhir-search';

export type SearchParamType = 'token' | 'reference' | 'string' | 'date';

/** One resource found, with the service user it is about (for the audit trail), if any. */
export interface FhirMatch<R extends Resource = Resource> {
  resource: R;
  serviceUserId: string | null;
}

/**
 * What the interface needs to serve one resource type: its search parameters (which also fill the
 * CapabilityStatement), read by id and search, both already scoped to the caller. A new type is one
 * more of these, plus a mapper and its read/search routes. Searches read through `read` (the read replica
 * when one is configured); reads by id, scope and the audit stay on the primary.
 */
export interface FhirResourceDefinition<R extends Resource = Resource> {
  readonly type: R['resourceType'];
  readonly profile?: string;
  readonly documentation: string;
  readonly searchParams: Readonly<
    Record<string, { type: SearchParamType; documentation: string; negatable?: boolean }>
  >;
  read(actor: Actor, id: string): Promise<FhirMatch<R> | null>;
  search(actor: Actor, search: SearchRequest, read: EntityManager): Promise<{ total: number; matches: FhirMatch<R>[] }>;
}

/**
 * The record that reference parameters (`patient`, `subject` …) name together: each given value narrows the search,
 * so another type, a malformed id or two different ids match nothing.
 */
export function referenceFilter(values: (string | undefined)[], type: string): { id?: string; nothing: boolean } {
  const ids = values.filter((v): v is string => v !== undefined).map((v) => referencedId(v, type));
  if (ids.some((id) => id === null || !isRecordId(id)) || new Set(ids).size > 1) return { nothing: true };
  return { id: ids[0] ?? undefined, nothing: false };
}

/** `_id`, as record ids (others match nothing). */
export const idsOf = (search: SearchRequest) => search.ids?.filter(isRecordId) ?? null;
