import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * How a browser signs in to the server-rendered pages (the coordinator dashboard). The API itself takes only
 * bearer tokens; a browser cannot attach one to a page load, so the sign-in form puts the same access token in
 * a cookie that only those pages read:
 *  - HttpOnly (no script can read it), SameSite=Strict (never sent on a request another site starts), Path
 *    limited to the pages, Secure whenever the page was served over HTTPS;
 *  - it is read only on GET routes marked @BrowserSession(), which change nothing, so a forged cross-site
 *    request could not act with it even if the browser sent it;
 *  - the two POSTs that exist (sign in, sign out) carry a CSRF token: a random value signed with the server's
 *    secret, set as an HttpOnly cookie and repeated in a hidden form field (signed double submit), and are
 *    refused when the browser says the request came from another origin.
 */
export const SESSION_COOKIE = 'enrich_session';
export const CSRF_COOKIE = 'enrich_csrf';
export const BROWSER_PATH = '/dashboard';

/** The cookies of a request, by name (the first of a repeated name wins). */
export function cookiesOf(request: FastifyRequest): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of String(request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (cookies.has(name)) continue;
    let value = part.slice(at + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      continue;
    }
    cookies.set(name, value);
  }
  return cookies;
}

/** HTTPS as the browser saw it (behind a proxy, X-Forwarded-Proto: Fastify trusts the proxy). */
export const servedOverHttps = (request: FastifyRequest) => request.protocol === 'https';

export function setBrowserCookie(
  reply: FastifyReply,
  request: FastifyRequest,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  const attributes = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${BROWSER_PATH}`,
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(servedOverHttps(request) ? ['Secure'] : []),
  ];
  const existing = reply.getHeader('set-cookie');
  const previous = existing === undefined ? [] : [existing].flat().map(String);
  void reply.header('set-cookie', [...previous, attributes.join('; ')]);
}

export const clearBrowserCookie = (reply: FastifyReply, request: FastifyRequest, name: string) =>
  setBrowserCookie(reply, request, name, '', 0);

const sign = (secret: string, nonce: string) =>
  createHmac('sha256', secret).update(`csrf:${nonce}`).digest('base64url');

/** A new CSRF token: a random nonce and its HMAC, so a value the server did not make is refused. */
export function newCsrfToken(secret: string): string {
  const nonce = randomBytes(18).toString('base64url');
  return `${nonce}.${sign(secret, nonce)}`;
}

const sameString = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** The form's token equals the cookie's and is one the server signed. */
export function csrfTokenValid(secret: string, fromCookie: string | undefined, fromForm: unknown): boolean {
  if (typeof fromCookie !== 'string' || typeof fromForm !== 'string') return false;
  if (!sameString(fromCookie, fromForm)) return false;
  const [nonce, signature, extra] = fromForm.split('.');
  return !!nonce && !!signature && extra === undefined && sameString(signature, sign(secret, nonce));
}

/**
 * Whether the browser says the request came from this origin: Sec-Fetch-Site, which every current browser
 * sends, else Origin. A client that sends neither (curl, a test) is judged by the CSRF token alone.
 */
export function sameOriginRequest(request: FastifyRequest): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') return fetchSite === 'same-origin' || fetchSite === 'none';
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === '') return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false; // "null": an opaque origin (a sandboxed frame, a file) is not this one
  }
}
