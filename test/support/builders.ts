/**
 * The one place tests build the people and records the service needs, the way the service builds them:
 * through the API, as a coordinator would (beneath it only where a test file says why). Dates are relative to
 * today so the builders never go stale. Import from here; the two files behind it split people from episodes.
 */
export * from './workforce-builders';
export * from './episode-builders';
