import type { Resource } from '@medplum/fhirtypes';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
import { offsetPage } from '../../../common/pagination/offset-page';
import type { SearchRequest } from '../fhir-search';

export type SearchParamType = 'token' | 'reference' | 'string' | 'date';

/** One resource found, with the service user it is about (for the audit trail), if any. */
export interface FhirMatch<R extends Resource = Resource> {
  resource: R;
  serviceUserId: string | null;
}

/**
 * What the interface needs to serve one resource type: its search parameters (which also fill the
 * CapabilityStatement), read by id and search, both already scoped to the caller. A new type is one
 * more of these, plus a mapper and its read/search routes.
 */
export interface FhirResourceDefinition<R extends Resource = Resource> {
  readonly type: R['resourceType'];
  readonly profile?: string;
  readonly documentation: string;
  readonly searchParams: Readonly<
    Record<string, { type: SearchParamType; documentation: string; negatable?: boolean }>
  >;
  read(actor: Actor, id: string): Promise<FhirMatch<R> | null>;
  search(actor: Actor, search: SearchRequest): Promise<{ total: number; matches: FhirMatch<R>[] }>;
}

/** Offset paging in a stable order (see offsetPage): the FHIR search's `_count`, `_offset` and `_sort`. */
export function pageOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  search: SearchRequest,
  sortable: Record<string, string> = {},
): Promise<{ total: number; rows: T[] }> {
  return offsetPage(qb, alias, search, sortable);
}
