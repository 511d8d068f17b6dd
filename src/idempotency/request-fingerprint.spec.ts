import { requestFingerprint } from './request-fingerprint';

describe('requestFingerprint', () => {
  it('is the same whatever order the body keys come in', () => {
    expect(requestFingerprint('POST', '/api/v1/sites', { name: 'A', odsCode: 'R1', settings: { b: 1, a: 2 } })).toBe(
      requestFingerprint('post', '/api/v1/sites', { settings: { a: 2, b: 1 }, odsCode: 'R1', name: 'A' }),
    );
  });

  it('differs when a value, the path or the method differs', () => {
    const base = requestFingerprint('POST', '/api/v1/sites', { name: 'A' });
    expect(requestFingerprint('POST', '/api/v1/sites', { name: 'B' })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/v1/users', { name: 'A' })).not.toBe(base);
    expect(requestFingerprint('PUT', '/api/v1/sites', { name: 'A' })).not.toBe(base);
  });

  it('treats a missing body as null, distinct from an empty object', () => {
    expect(requestFingerprint('POST', '/x', undefined)).toBe(requestFingerprint('POST', '/x', null));
    expect(requestFingerprint('POST', '/x', undefined)).not.toBe(requestFingerprint('POST', '/x', {}));
  });
});
