import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InjectReadDataSource } from '../database/read-data-source';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/auth/access.decorators';
import { QueueHealthIndicator } from '../scheduling/queue-health';
import { OutboxHealthIndicator } from './outbox.health';
import { RedisHealthIndicator } from './redis.health';

/** Probes for load balancers and orchestrators; public, and outside /api/v1. */
@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly queues: QueueHealthIndicator,
    private readonly outbox: OutboxHealthIndicator,
    @InjectDataSource() private readonly primary: DataSource,
    @InjectReadDataSource() private readonly replica: DataSource,
  ) {}

  @Get('live')
  @Public() // A liveness probe must answer without credentials.
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process is up' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @Public() // A readiness probe must answer without credentials.
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: PostgreSQL (and its read replica, if configured) and Redis answer, and the outbox relay is progressing',
    description:
      'Details include each queue’s depth (waiting, delayed, active) and failed-job count, and the age of the oldest outbox row not yet relayed.',
  })
  @ApiServiceUnavailableResponse({
    description: 'PostgreSQL or Redis is not reachable, or an outbox row has waited longer than OUTBOX_STALL_AFTER_MS',
  })
  ready() {
    return this.health.check([
      () => this.database.pingCheck('postgresql', { timeout: 2000 }),
      () => this.redis.isHealthy('redis'),
      () => this.queues.depths('queues'),
      () => this.outbox.progressing('outboxRelay'),
      // Only when a read replica is configured: reports and FHIR searches depend on it.
      ...(this.replica === this.primary
        ? []
        : [() => this.database.pingCheck('postgresqlRead', { connection: this.replica, timeout: 2000 })]),
    ]);
  }
}
