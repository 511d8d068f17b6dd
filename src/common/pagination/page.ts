import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { InvalidInputError } from '../errors/domain-errors';

/** Query parameters every list endpoint accepts: a page size and an opaque cursor from the previous page. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page', example: 'eyJpZCI6IjEyMyJ9' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/** Cursor = base64url of the sort key of the last item returned (keyset pagination: stable under inserts). */
export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Record<string, string> | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, string>;
  } catch {
    // fall through
  }
  throw new InvalidInputError('cursor', 'cursor is not a cursor this API returned');
}

/**
 * Keyset pagination in creation order (created_at, id): stable while records are added.
 * `alias` is the query builder's main alias; the entity needs createdAt and id.
 */
export async function paginateByCreation<T extends ObjectLiteral & { id: string; createdAt: Date }>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  query: PageQuery,
  /**
   * Every join of the query matches at most one row per item (e.g. an episode's service user): then a plain
   * LIMIT pages correctly, in one query, instead of TypeORM's DISTINCT-ids-then-rows pair for take().
   */
  options: { joinsMatchOne?: boolean } = {},
): Promise<Page<T>> {
  const after = decodeCursor(query.cursor);
  if (after) {
    if (typeof after.createdAt !== 'string' || typeof after.id !== 'string') {
      throw new InvalidInputError('cursor', 'cursor is not a cursor this API returned');
    }
    qb.andWhere(`(${alias}.createdAt, ${alias}.id) > (:afterCreatedAt::timestamptz, :afterId::uuid)`, {
      afterCreatedAt: after.createdAt,
      afterId: after.id,
    });
  }
  qb.orderBy(`${alias}.createdAt`, 'ASC').addOrderBy(`${alias}.id`, 'ASC');
  const rows = await (options.joinsMatchOne ? qb.limit(query.limit + 1) : qb.take(query.limit + 1)).getMany();
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
  };
}
