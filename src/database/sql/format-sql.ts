/**
 * A small, stable SQL layout for the committed query files: whitespace collapsed outside quotes and a
 * line break before each clause keyword of a statement or subquery, indented by subquery depth.
 * Parentheses holding an expression (a condition, FILTER (WHERE …), OVER (… ORDER BY …)) stay on one
 * line. Not a full formatter: it only has to make one-line statements readable, the same way every run.
 */
const CLAUSES = [
  'WITH',
  'SELECT DISTINCT',
  'SELECT',
  'FROM',
  'LEFT OUTER JOIN',
  'LEFT JOIN',
  'RIGHT JOIN',
  'FULL JOIN',
  'INNER JOIN',
  'CROSS JOIN',
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
/** Phrases that contain a clause word but are not a clause. */
const INLINE = ['IS NOT DISTINCT FROM', 'IS DISTINCT FROM'];
const NESTED = new Set(['AND', 'OR']);

export function formatSql(sql: string): string {
  const lines: string[] = [];
  let line = '';
  /** One entry per open parenthesis: whether it holds a query (its first word is SELECT or WITH). */
  const parens: ('query' | 'expression' | 'unknown')[] = [];
  const queryDepth = () => parens.filter((kind) => kind === 'query').length;
  /** `x BETWEEN a AND b`: that AND is not a condition of its own. */
  let between = false;
  let i = 0;
  while (i < sql.length) {
    const char = sql[i];
    if (char === "'" || char === '"') {
      const end = closingQuote(sql, i);
      settleParen(parens, false);
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
      if (line.trim().length > 0 && !line.endsWith(' ') && !line.endsWith('(')) line += ' ';
      i++;
      continue;
    }
    if (char === '(') {
      settleParen(parens, false);
      parens.push('unknown');
      line += char;
      i++;
      continue;
    }
    if (char === ')') {
      parens.pop();
      line = line.trimEnd() + char;
      i++;
      continue;
    }
    const atWordStart = i === 0 || /[\s(,]/.test(sql[i - 1]);
    const inline = atWordStart ? INLINE.find((phrase) => wordLengthAt(sql, i, phrase) > 0) : undefined;
    if (inline) {
      settleParen(parens, false);
      line += inline;
      i += wordLengthAt(sql, i, inline);
      continue;
    }
    if (atWordStart && wordLengthAt(sql, i, 'BETWEEN') > 0) between = true;
    if (between && atWordStart && wordLengthAt(sql, i, 'AND') > 0) {
      between = false;
      line += 'AND';
      i += 3;
      continue;
    }
    const keyword = atWordStart ? CLAUSES.find((k) => wordLengthAt(sql, i, k) > 0) : undefined;
    if (keyword) {
      settleParen(parens, keyword === 'SELECT' || keyword === 'SELECT DISTINCT' || keyword === 'WITH');
      const top = parens[parens.length - 1];
      if (top === undefined || top === 'query') {
        if (line.trim()) lines.push(line.trimEnd());
        line = '    '.repeat(queryDepth()) + (NESTED.has(keyword) ? '  ' : '');
      }
      line += keyword;
      i += wordLengthAt(sql, i, keyword);
      continue;
    }
    settleParen(parens, false);
    line += char;
    i++;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.join('\n');
}

/** The first word after an open parenthesis decides what it holds. */
function settleParen(parens: ('query' | 'expression' | 'unknown')[], isQueryWord: boolean): void {
  if (parens[parens.length - 1] === 'unknown') parens[parens.length - 1] = isQueryWord ? 'query' : 'expression';
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
