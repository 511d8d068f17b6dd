/**
 * The typed ENRICH client for integrators: openapi-fetch at run time, types generated from openapi.json
 * by openapi-typescript into ./schema.d.ts. Regenerate both with `npm run openapi`; do not edit schema.d.ts.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export type { components, operations, paths } from './schema';
export type EnrichClient = Client<paths>;

export interface EnrichClientOptions {
  /** Where the API is served, e.g. https://enrich.trust.nhs.uk (paths in the document start with /api/v1 or /fhir/r4). */
  baseUrl: string;
  /** The bearer access token to send, read before every request (so a refreshed token is picked up). */
  accessToken?: () => string | undefined;
  fetch?: typeof globalThis.fetch;
}

export function createEnrichClient(options: EnrichClientOptions): EnrichClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const bearer: Middleware = {
    onRequest({ request }) {
      const token = options.accessToken?.();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  };
  client.use(bearer);
  return client;
}
