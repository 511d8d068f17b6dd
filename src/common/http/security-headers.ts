import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** helmet's defaults, except that Swagger UI needs inline styles and scripts. */
export const API_SECURITY_HEADERS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      scriptSrc: ["'self'", "'unsafe-inline'"],
    },
  },
};

export interface SecurityHeaders {
  set: [name: string, value: string][];
  removed: string[];
}

/**
 * The headers helmet sets (and removes) for these options, worked out once: with static directives they depend on
 * nothing in the request. (@fastify/helmet built a new helmet middleware, re-parsing the CSP, on every request.)
 */
export function securityHeadersOf(options: HelmetOptions): SecurityHeaders {
  const set = new Map<string, string>();
  const removed = new Set<string>();
  const response = {
    setHeader: (name: string, value: unknown) => {
      set.set(name.toLowerCase(), String(value));
      removed.delete(name.toLowerCase());
    },
    removeHeader: (name: string) => {
      set.delete(name.toLowerCase());
      removed.add(name.toLowerCase());
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure instanceof Error ? failure : new Error('helmet refused its options', { cause: failure });
  return { set: [...set], removed: [...removed] };
}

/** helmet's headers on every response, set on the raw response as helmet does (a route may still override one). */
export function registerSecurityHeaders(fastify: FastifyInstance, options: HelmetOptions): void {
  const { set, removed } = securityHeadersOf(options);
  fastify.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of set) reply.raw.setHeader(name, value);
    for (const name of removed) reply.raw.removeHeader(name);
    done();
  });
}
