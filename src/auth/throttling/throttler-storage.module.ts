import { Module } from '@nestjs/common';
import { RedisThrottlerStorage } from './redis-throttler-storage';

/** Provides the Redis-backed throttler storage to ThrottlerModule's async factory (and closes its connection on shutdown). */
@Module({ providers: [RedisThrottlerStorage], exports: [RedisThrottlerStorage] })
export class ThrottlerStorageModule {}
