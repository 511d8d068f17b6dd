import helmet from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { API_SECURITY_HEADERS, securityHeadersOf } from './security-headers';

function headersHelmetSets(): Record<string, unknown> {
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  response.setHeader('x-powered-by', 'something');
  helmet(API_SECURITY_HEADERS)(request, response, (error?: unknown) => {
    if (error) throw new Error('helmet failed', { cause: error });
  });
  return response.getHeaders();
}

describe('security headers worked out once', () => {
  it('are exactly the headers helmet sets on a response, and remove what it removes', () => {
    const { set, removed } = securityHeadersOf(API_SECURITY_HEADERS);
    expect(Object.fromEntries(set)).toEqual(headersHelmetSets());
    expect(removed).toEqual(['x-powered-by']);
  });

  it('keep the policy the API needs: nosniff, HSTS, and a CSP allowing Swagger UI’s inline scripts only from itself', () => {
    const headers = Object.fromEntries(securityHeadersOf(API_SECURITY_HEADERS).set);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    expect(headers['content-security-policy']).toContain("default-src 'self'");
  });
});
