import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Environment, validateEnvironment } from './environment';

describe('configuration', () => {
  it('works with no variables set, using the local-services defaults', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      APP_ROLE: 'all',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/enrich',
      REDIS_URL: 'redis://127.0.0.1:6379',
      CALENDAR_TIME_ZONE: 'Europe/London',
      PORT: 3000,
    });
  });

  it('turns numbers and booleans from strings', () => {
    const env = validateEnvironment({ PORT: '8080', DATABASE_MIGRATE_ON_START: 'false' });
    expect(env.PORT).toBe(8080);
    expect(env.DATABASE_MIGRATE_ON_START).toBe(false);
  });

  it.each([
    [{ APP_ROLE: 'scheduler' }, /^Invalid configuration: APP_ROLE /],
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT /],
    [{ DATABASE_URL: 'mysql://localhost/enrich' }, /^Invalid configuration: DATABASE_URL must look like/],
    [{ REDIS_URL: 'localhost:6379' }, /^Invalid configuration: REDIS_URL must look like/],
    [{ JWT_SECRET: 'short' }, /^Invalid configuration: JWT_SECRET must be at least 32 characters$/],
    [
      { BOOTSTRAP_ADMIN_EMAIL: 'not-an-email' },
      /^Invalid configuration: BOOTSTRAP_ADMIN_EMAIL must be an email address$/,
    ],
  ])('stops start-up with one line naming a malformed variable (%o)', (raw, message) => {
    expect(() => validateEnvironment(raw)).toThrow(message);
    try {
      validateEnvironment(raw);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('accepts a Redis Cluster hash-tagged prefix and refuses a half-open brace', () => {
    expect(validateEnvironment({ REDIS_PREFIX: '{enrich}' }).REDIS_PREFIX).toBe('{enrich}');
    expect(() => validateEnvironment({ REDIS_PREFIX: '{enrich' })).toThrow(/^Invalid configuration: REDIS_PREFIX /);
  });

  it('refuses the development JWT secret in production', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow('JWT_SECRET must be set in production');
    expect(validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).NODE_ENV).toBe('production');
  });

  it('lists every variable in .env.example, and nothing else', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    const listed = example
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=')[0])
      .sort();
    const known = Object.keys(new Environment()).concat(['BOOTSTRAP_ADMIN_EMAIL', 'BOOTSTRAP_ADMIN_PASSWORD']);
    expect(listed).toEqual([...new Set(known)].sort());
  });

  it('accepts .env.example as it stands', () => {
    const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    const raw = Object.fromEntries(
      example
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]),
    );
    expect(() => validateEnvironment(raw)).not.toThrow();
  });
});
