import { OAuthError } from './oauth-error';

export interface TokenRequestFields {
  grantType: string;
  scope: string | null;
  clientId: string;
  clientSecret: string;
  method: 'client_secret_basic' | 'client_secret_post';
}

const MAX_FIELD = 500;

/** RFC 6749 §2.3.1: the Basic credentials are form-urlencoded before base64 ("+" is a space). */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new OAuthError('invalid_client', 'The Basic credentials are not validly form-encoded');
  }
}

function parseBasic(header: string): { clientId: string; clientSecret: string } {
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw new OAuthError('invalid_client', 'The Basic credentials must be client_id:client_secret');
  return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
}

function field(body: Record<string, unknown>, name: string): string | null {
  const value = body[name];
  if (value === undefined || value === null || value === '') return null;
  // RFC 6749 §3.2: request parameters must not be included more than once.
  if (Array.isArray(value)) throw new OAuthError('invalid_request', `${name} is given more than once`);
  if (typeof value !== 'string') throw new OAuthError('invalid_request', `${name} must be a string`);
  if (value.length > MAX_FIELD)
    throw new OAuthError('invalid_request', `${name} is longer than ${MAX_FIELD} characters`);
  return value;
}

/**
 * Reads a client-credentials token request (form or JSON body) and the client's credentials: HTTP Basic
 * (client_secret_basic) or client_id/client_secret in the body (client_secret_post), never both (§2.3).
 */
export function readTokenRequest(body: unknown, authorization: string | undefined): TokenRequestFields {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new OAuthError(
      'invalid_request',
      'The request body must be application/x-www-form-urlencoded (or a JSON object) with grant_type',
    );
  }
  const fields = body as Record<string, unknown>;
  const grantType = field(fields, 'grant_type');
  const scope = field(fields, 'scope');
  const postedId = field(fields, 'client_id');
  const postedSecret = field(fields, 'client_secret');
  const basic = authorization && /^basic /i.test(authorization) ? parseBasic(authorization) : null;

  if (basic && postedSecret)
    throw new OAuthError(
      'invalid_request',
      'Use one client authentication method: HTTP Basic or client_secret in the body, not both',
    );
  if (basic && postedId && postedId !== basic.clientId)
    throw new OAuthError('invalid_request', 'client_id in the body differs from the HTTP Basic user');
  if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required');
  if (grantType !== 'client_credentials')
    throw new OAuthError('unsupported_grant_type', `grant_type ${grantType} is not supported; use client_credentials`);
  if (basic) return { grantType, scope, ...basic, method: 'client_secret_basic' };
  if (!postedId || !postedSecret)
    throw new OAuthError(
      'invalid_client',
      'Client authentication is required: HTTP Basic, or client_id and client_secret in the body',
    );
  return { grantType, scope, clientId: postedId, clientSecret: postedSecret, method: 'client_secret_post' };
}

/** The scopes a request asks for (RFC 6749 §3.3: space-delimited, case-sensitive); none asked means all granted. */
export function requestedScopes(scope: string | null): string[] | null {
  if (scope === null) return null;
  const parts = scope.split(' ').filter(Boolean);
  if (parts.some((p) => !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(p)))
    throw new OAuthError('invalid_scope', 'scope holds a character RFC 6749 §3.3 does not allow');
  return [...new Set(parts)];
}
