import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** An offset page request (the FHIR interface's `_count`, `_offset` and `_sort`); `count: 0` asks for the total only. */
export interface OffsetPageRequest {
  offset: number;
  count: number;
  sort: readonly { param: string; descending: boolean }[];
}

/**
 * Apply offset paging in a stable order. A sort key named in `sortable` (parameter → column) orders first;
 * creation order and id break ties, so pages never overlap. `alias` is the main alias (needs createdAt and id).
 */
export async function offsetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  page: OffsetPageRequest,
  sortable: Record<string, string> = {},
): Promise<{ total: number; rows: T[] }> {
  qb.orderBy();
  for (const key of page.sort)
    if (sortable[key.param])
      qb.addOrderBy(
        sortable[key.param],
        key.descending ? 'DESC' : 'ASC',
        key.descending ? 'NULLS LAST' : 'NULLS FIRST',
      );
  qb.addOrderBy(`${alias}.createdAt`, 'ASC').addOrderBy(`${alias}.id`, 'ASC');
  if (page.count === 0) return { total: await qb.getCount(), rows: [] };
  const [rows, total] = await qb.skip(page.offset).take(page.count).getManyAndCount();
  return { total, rows };
}
