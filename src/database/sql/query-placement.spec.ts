import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every query lives in an area's `*.repository.ts`, where @GenerateSql puts it in the committed SQL
 * (src/queries/) that reviewers read. This guard fails when SQL is written anywhere else in src/.
 */
const SRC = join(__dirname, '..', '..');
// `.query(` and the typed `.query<Row[]>(`.
const QUERY = /\.query[<(]|createQueryBuilder/g;

/** Database set-up runs migrations and their advisory lock: not an area's query. */
const NOT_AN_AREA = new Set(['database/database-setup.ts']);

/**
 * Files not yet moved to a repository, with how many query calls each still has. It only shrinks:
 * a file may not gain a query, and a file that has none left must leave this list.
 */
const NOT_YET_MOVED: Record<string, number> = {};

function sourceFiles(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .map((file) => relative(SRC, join(SRC, file)).split('\\').join('/'));
}

function queryCalls(file: string): number {
  return (readFileSync(join(SRC, file), 'utf8').match(QUERY) ?? []).length;
}

describe('where SQL is written', () => {
  const outside = sourceFiles()
    .filter((file) => !file.endsWith('.repository.ts') && !NOT_AN_AREA.has(file))
    .map((file) => ({ file, calls: queryCalls(file) }))
    .filter(({ calls }) => calls > 0);

  it('writes .query( and createQueryBuilder only in repositories', () => {
    const unexpected = outside.filter(({ file, calls }) => calls > (NOT_YET_MOVED[file] ?? 0));
    expect(unexpected).toEqual([]);
  });

  it('drops a file from the not-yet-moved list once its queries are in a repository', () => {
    const moved = Object.keys(NOT_YET_MOVED).filter((file) => !outside.some((found) => found.file === file));
    expect(moved).toEqual([]);
  });
});
