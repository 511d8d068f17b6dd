/**
 * A small, stable SQL layout for the committed query files: whitespace collapsed outside quotes and a
 * line break before each clause keyword, indented by parenthesis depth. Not a full formatter; it only
 * has to make TypeORM's one-line statements readable and give the same text for the same query.
 */
const CLAUSES = [
  'WITH',
  'SELECT DISTINCT',
  'SELECT',
  'FROM',
  'LEFT JOIN',
  'INNER JOIN',
  'JOIN',
  'WHERE',
  'GROUP BY',
  'HAVING',
  'ORDER BY',
  'LIMIT',
  'OFFSET',
  'FOR NO KEY UPDATE',
  'FOR UPDATE',
  'INSERT INTO',
  'VALUES',
  'ON CONFLICT',
  'DO UPDATE SET',
  'DO NOTHING',
  'UPDATE',
  'SET',
  'DELETE FROM',
  'RETURNING',
  'UNION ALL',
  'UNION',
  'AND',
  'OR',
];
const NESTED = new Set(['AND', 'OR']);

export function formatSql(sql: string): string {
  const lines: string[] = [];
  let line = '';
  let depth = 0;
  let i = 0;
  const breakBefore = (keyword: string) => {
    if (line.trim()) lines.push(line.trimEnd());
    line = '  '.repeat(depth) + (NESTED.has(keyword) ? '  ' : '');
  };
  while (i < sql.length) {
    const char = sql[i];
    if (char === "'" || char === '"') {
      const end = closingQuote(sql, i);
      line += sql.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (char === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (/\s/.test(char)) {
      if (line.length > 0 && !line.endsWith(' ') && !line.endsWith('(')) line += ' ';
      i++;
      continue;
    }
    if (char === '(') depth++;
    if (char === ')') {
      depth = Math.max(0, depth - 1);
      line = line.trimEnd();
    }
    const previous = i === 0 ? ' ' : sql[i - 1];
    const keyword = /[\s(]/.test(previous) ? CLAUSES.find((k) => wordLengthAt(sql, i, k) > 0) : undefined;
    if (keyword) {
      breakBefore(keyword);
      line += keyword;
      i += wordLengthAt(sql, i, keyword);
      continue;
    }
    line += char;
    i++;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.join('\n');
}

function closingQuote(sql: string, start: number): number {
  const quote = sql[start];
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i;
    } else i++;
  }
  return sql.length - 1;
}

/** Length of `keyword` (words separated by any whitespace) at `at` as whole words, case-insensitively; 0 if absent. */
function wordLengthAt(sql: string, at: number, keyword: string): number {
  const pattern = new RegExp(`^${keyword.split(' ').join('\\s+')}(?![\\w$])`, 'i');
  return pattern.exec(sql.slice(at, at + keyword.length + 40))?.[0].length ?? 0;
}
