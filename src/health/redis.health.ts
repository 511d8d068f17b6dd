import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import { createRedisClient, type RedisClient, redisTarget } from '../common/redis/redis-client';
import type { Environment } from '../config/environment';

/** Readiness of Redis: a PING answered within the timeout. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly client: RedisClient;

  constructor(
    private readonly indicators: HealthIndicatorService,
    config: ConfigService<Environment, true>,
  ) {
    this.client = createRedisClient(redisTarget(config), {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2000,
    });
    this.client.on('error', () => undefined); // reported through the health check, not as a crash
  }

  async isHealthy(key: string) {
    const indicator = this.indicators.check(key);
    try {
      if (this.client.status === 'wait' || this.client.status === 'end') await this.client.connect();
      const answer = await Promise.race([
        this.client.ping(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return answer === 'PONG' ? indicator.up() : indicator.down({ message: 'unexpected answer' });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
