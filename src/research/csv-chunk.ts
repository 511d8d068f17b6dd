import { csvField } from '../reports/report-csv';
import type { Deidentifier } from './deidentify';
import type { ExtractColumn, ExtractRow } from './extract-tables';

/** A batch's CSV is written into a buffer of this size to start with (a meetings batch is about 150 KB). */
export const CHUNK_BYTES = 256 * 1024;

/**
 * One batch's CSV written line by line straight into a buffer (outside the V8 heap). Concatenating the batch into
 * one string would make a chunk-sized string per batch, which V8 puts in large-object space: old generation,
 * freed only by a full collection. Each line is built field by field, with no array per row or per field.
 */
export class CsvChunk {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;

  row(columns: readonly ExtractColumn[], row: ExtractRow, deidentifier: Deidentifier): void {
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += ',';
      line += csvField(columns[i].value(row, deidentifier));
    }
    line += '\r\n';
    // UTF-8 needs at most 3 bytes per UTF-16 code unit: grow before writing rather than measure every line.
    if (this.buffer.length - this.used < line.length * 3) {
      const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + line.length * 3));
      this.buffer.copy(larger, 0, 0, this.used);
      this.buffer = larger;
    }
    this.used += this.buffer.write(line, this.used, 'utf8');
  }

  /** The batch's bytes, handed to the stream (which keeps them until the socket took them); a new buffer for the next. */
  take(): Buffer {
    const bytes = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    return bytes;
  }
}
