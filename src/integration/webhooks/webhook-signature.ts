import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-enrich-signature';
export const TIMESTAMP_HEADER = 'x-enrich-timestamp';
export const EVENT_ID_HEADER = 'x-enrich-event-id';

/**
 * The documented algorithm: hex(HMAC-SHA256(secret, `${timestamp}.${body}`)), sent as `v1=<hex>` in
 * X-Enrich-Signature, with the Unix timestamp (seconds) in X-Enrich-Timestamp. The timestamp is signed so a
 * receiver can refuse replays older than a few minutes.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (also used in our tests): recompute and compare in constant time, within a tolerance. */
export function verifyWebhook(
  secret: string,
  timestamp: number,
  body: string,
  signature: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
