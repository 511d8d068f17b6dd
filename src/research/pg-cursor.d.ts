// The part of pg-cursor (node-postgres' cursor, no bundled types) the research extract uses.
declare module 'pg-cursor' {
  import type { Submittable } from 'pg';

  class Cursor<Row = Record<string, unknown>> implements Submittable {
    constructor(text: string, values?: unknown[], config?: { rowMode?: 'array' });
    submit: Submittable['submit'];
    read(rows: number): Promise<Row[]>;
    close(): Promise<void>;
  }
  export = Cursor;
}
