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
  inPageOrder(qb, alias, page, sortable);
  if (page.count === 0) return { total: await qb.getCount(), rows: [] };
  const [rows, total] = await qb.skip(page.offset).take(page.count).getManyAndCount();
  return { total, rows };
}

/**
 * offsetPage for rows selected column by column (getRawMany, no entities built), in one query: each row carries
 * the total (count(*) OVER ()), so the total is asked for apart only for `count: 0` or a page past the end.
 */
export async function offsetPageOfRows<R extends ObjectLiteral, T extends ObjectLiteral = ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  page: OffsetPageRequest,
  sortable: Record<string, string> = {},
): Promise<{ total: number; rows: R[] }> {
  inPageOrder(qb, alias, page, sortable);
  if (page.count === 0) return { total: await qb.getCount(), rows: [] };
  const found = await qb
    .addSelect('(count(*) OVER ())::int', 'total')
    .offset(page.offset)
    .limit(page.count)
    .getRawMany<R & { total: number }>();
  if (found.length === 0) return { total: page.offset > 0 ? await qb.getCount() : 0, rows: [] };
  const total = found[0].total;
  for (const row of found) delete (row as Partial<typeof row>).total;
  return { total, rows: found };
}

function inPageOrder<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  page: OffsetPageRequest,
  sortable: Record<string, string>,
): void {
  qb.orderBy();
  for (const key of page.sort)
    if (sortable[key.param])
      qb.addOrderBy(
        sortable[key.param],
        key.descending ? 'DESC' : 'ASC',
        key.descending ? 'NULLS LAST' : 'NULLS FIRST',
      );
  qb.addOrderBy(`${alias}.createdAt`, 'ASC').addOrderBy(`${alias}.id`, 'ASC');
}
