import { csvLine } from '../reports/report-csv';
import { CHUNK_BYTES, CsvChunk } from './csv-chunk';
import { Deidentifier } from './deidentify';
import type { ExtractColumn, ExtractRow } from './extract-tables';

const column = (field: string): ExtractColumn => ({
  name: field,
  type: 'string',
  description: field,
  deidentification: 'none',
  value: (row) => row[field] ?? null,
});
const columns = ['a', 'b', 'c'].map(column);
const deidentifier = new Deidentifier({ id: 'k', secret: 'a-secret-for-the-chunk-test' }, 'shift', 30);
const expected = (rows: ExtractRow[]) =>
  rows.map((r) => csvLine(columns.map((c) => c.value(r, deidentifier)))).join('');

describe('a research extract batch written as CSV bytes', () => {
  it('writes each row exactly as csvLine does: quoting, empty fields, numbers, booleans and multi-byte text', () => {
    const rows: ExtractRow[] = [
      { a: 'plain', b: 3, c: true },
      { a: 'with, comma', b: 'say "hi"', c: 'line\nbreak' },
      { a: null, b: undefined, c: 'Zoë – café ☕' },
    ];
    const chunk = new CsvChunk();
    for (const row of rows) chunk.row(columns, row, deidentifier);
    expect(chunk.take().toString('utf8')).toBe(expected(rows));
  });

  it('grows past its first buffer without losing a byte, and starts empty again after take', () => {
    const wide = 'ü'.repeat(2000);
    const rows: ExtractRow[] = Array.from({ length: 200 }, (_, i) => ({ a: i, b: wide, c: 'x' }));
    const chunk = new CsvChunk();
    for (const row of rows) chunk.row(columns, row, deidentifier);
    const bytes = chunk.take();
    expect(bytes.length).toBeGreaterThan(CHUNK_BYTES);
    expect(bytes.toString('utf8')).toBe(expected(rows));
    expect(chunk.take().length).toBe(0);
    chunk.row(columns, { a: 'next', b: 1, c: 2 }, deidentifier);
    expect(chunk.take().toString('utf8')).toBe('next,1,2\r\n');
  });
});
