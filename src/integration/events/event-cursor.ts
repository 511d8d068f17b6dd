import { InvalidInputError } from '../../common/errors/domain-errors';

/** A place in the published stream: after the event written by transaction `tx` at `position`. */
export interface StreamPosition {
  tx: string;
  position: string;
}

/** The start of the stream (no event has tx 0). */
export const STREAM_START: StreamPosition = { tx: '0', position: '0' };

const FORM = /^v1\.(\d{1,19})\.(\d{1,19})$/;

/** Opaque to clients: base64url of `v1.<tx>.<position>`. */
export function encodeStreamCursor(at: StreamPosition): string {
  return Buffer.from(`v1.${at.tx}.${at.position}`).toString('base64url');
}

/** The position a cursor names; 400 naming `after` for anything this API did not hand out. */
export function decodeStreamCursor(cursor: string): StreamPosition {
  const match = /^[A-Za-z0-9_-]{1,80}$/.test(cursor)
    ? FORM.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
    : null;
  if (!match || BigInt(match[1]) > 2n ** 63n - 1n || BigInt(match[2]) > 2n ** 63n - 1n)
    throw new InvalidInputError('after', 'after is not a cursor this API returned (use the `next` of a previous page)');
  return { tx: match[1], position: match[2] };
}
