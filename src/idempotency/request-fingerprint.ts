import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/** Letters, digits and `-_.:` up to 255 characters: UUIDs, ULIDs and most clients' own ids fit. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{1,255}$/;

/**
 * The fingerprint of a request, so a reused key can be told apart from a retried one: the same
 * method, path and body (as RFC 8785 canonical JSON, so key order and whitespace do not matter).
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  const canonical = canonicalize({ method: method.toUpperCase(), path, body: body ?? null }) ?? '';
  return createHash('sha256').update(canonical).digest('hex');
}
