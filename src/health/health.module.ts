import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { OutboxHealthIndicator } from './outbox.health';
import { OutboxProgressRepository } from './outbox-progress.repository';
import { RedisHealthIndicator } from './redis.health';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, OutboxHealthIndicator, OutboxProgressRepository],
})
export class HealthModule {}
