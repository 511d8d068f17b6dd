import type { Resource } from '@medplum/fhirtypes';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../../common/auth/actor';
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

/**
 * Apply offset paging in a stable order; `_count=0` asks for the total only. `_sort` on a date parameter
 * orders by its column (named in `sortable`) first; creation order and id break ties, so pages never overlap.
 */
export async function pageOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  search: SearchRequest,
  sortable: Record<string, string> = {},
): Promise<{ total: number; rows: T[] }> {
  qb.orderBy();
  for (const key of search.sort)
    if (sortable[key.param])
      qb.addOrderBy(
        sortable[key.param],
        key.descending ? 'DESC' : 'ASC',
        key.descending ? 'NULLS LAST' : 'NULLS FIRST',
      );
  qb.addOrderBy(`${alias}.createdAt`, 'ASC').addOrderBy(`${alias}.id`, 'ASC');
  if (search.count === 0) return { total: await qb.getCount(), rows: [] };
  const [rows, total] = await qb.skip(search.offset).take(search.count).getManyAndCount();
  return { total, rows };
}
