import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from '../support/services';
import { TestApp } from '../support/test-app';

/**
 * Two API instances on one database and one Redis (as two replicas behind a load balancer): the sign-in limit
 * is counted in Redis, so attempts spread over both replicas add up. With per-process counting each replica
 * would allow the full limit.
 */
describe('Sign-in throttle across API replicas', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await TestApp.start({ LOGIN_RATE_LIMIT_PER_MINUTE: '5' });
    // The second replica shares the first one's database and Redis prefix.
    second = await TestApp.start({
      LOGIN_RATE_LIMIT_PER_MINUTE: '5',
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_PREFIX: first.redisPrefix,
    });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('refuses the sixth attempt on an account even when the five before it went to two replicas', async () => {
    const attempt = (app: TestApp) =>
      app.call('POST', '/api/v1/auth/login', {
        body: { email: 'someone.guessing@nhs.test', password: 'not-the-password-1' },
      });
    const statuses: number[] = [];
    for (const app of [first, second, first, second, first, second]) statuses.push((await attempt(app)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('keeps the count in Redis under the deployment prefix', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${first.redisPrefix}:throttle:sign-in:*:hits`);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});
