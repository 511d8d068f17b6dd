import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { createRedisClient, type RedisClient, redisTarget } from '../../common/redis/redis-client';
import type { Environment } from '../../config/environment';

/**
 * Hits in a fixed window, then a block, counted in one Lua call so concurrent API processes cannot both slip
 * under the limit. KEYS: hits, block. ARGV: window ms, limit, block ms. Returns hits, window ms left, blocked,
 * block ms left.
 */
const INCREMENT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blocked}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, left, 1, tonumber(ARGV[3])}
end
return {hits, left, 0, 0}`;

/**
 * @nestjs/throttler storage in Redis, so the sign-in limit holds across every API replica (the default storage is
 * per process: two replicas would allow twice the attempts). Keys live under REDIS_PREFIX with the tracker in a
 * hash tag, so both keys of one tracker sit in one Redis Cluster slot.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly redis: RedisClient;
  private readonly prefix: string;

  constructor(config: ConfigService<Environment, true>) {
    this.redis = createRedisClient(redisTarget(config), { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.redis.defineCommand('throttleIncrement', { numberOfKeys: 2, lua: INCREMENT });
    this.prefix = `${config.get('REDIS_PREFIX', { infer: true })}:throttle`;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    const base = `${this.prefix}:${throttlerName}:{${key}}`;
    const redis = this.redis as unknown as {
      throttleIncrement(...args: (string | number)[]): Promise<[number, number, number, number]>;
    };
    const [totalHits, windowMs, blocked, blockMs] = await redis.throttleIncrement(
      `${base}:hits`,
      `${base}:block`,
      ttl,
      limit,
      blockDuration > 0 ? blockDuration : ttl,
    );
    return {
      totalHits,
      timeToExpire: Math.ceil(windowMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockMs / 1000),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
