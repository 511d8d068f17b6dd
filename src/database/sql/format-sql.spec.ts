import { formatSql } from './format-sql';

describe('formatSql (layout of the committed query files)', () => {
  it('breaks before each clause of a statement and its subqueries, keeping expressions on one line', () => {
    const sql = `SELECT a, count(*) FILTER (WHERE b = 'x and  y') AS n FROM t WHERE a IS DISTINCT FROM $1 AND d BETWEEN $2 AND $3
      AND (c IS NULL OR c > 1) AND id IN (SELECT id FROM u WHERE v) GROUP BY a`;
    expect(formatSql(sql)).toBe(
      [
        `SELECT a, count(*) FILTER (WHERE b = 'x and  y') AS n`,
        'FROM t',
        'WHERE a IS DISTINCT FROM $1',
        '  AND d BETWEEN $2 AND $3',
        '  AND (c IS NULL OR c > 1)',
        '  AND id IN (',
        '    SELECT id',
        '    FROM u',
        '    WHERE v)',
        'GROUP BY a',
      ].join('\n'),
    );
  });

  it('gives the same text whatever the original spacing', () => {
    expect(formatSql('select 1\n\n   from   t')).toBe(formatSql('SELECT 1 FROM t'));
  });
});
