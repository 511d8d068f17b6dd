import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Access } from '../common/auth/access.decorators';
import { Role } from '../common/auth/role';
import { RecordNotFoundError } from '../common/errors/domain-errors';
import { ApiProblem, ApiProblemResponses } from '../common/http/api-problem-responses';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { OutboxRepository } from './outbox/outbox.repository';
import { QueueHealthIndicator } from './queue-health';
import { QUEUES } from './queues';

const QUEUE_NAMES = Object.values(QUEUES);

export class FailedJobsQuery {
  @ApiPropertyOptional({ enum: QUEUE_NAMES, description: 'One queue; all when omitted' })
  @IsOptional()
  @IsIn(QUEUE_NAMES)
  queue?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}

export class FailedJobResponse {
  @ApiProperty({ example: 'webhook-deliveries' }) queue: string;
  @ApiProperty({ example: '6d1c…-b6a1…' }) id: string;
  @ApiProperty({ example: 'notification.first_community_meeting.overdue' }) name: string;
  @ApiProperty({ example: 'Receiver answered 500' }) failedReason: string;
  @ApiProperty({ example: 6 }) attemptsMade: number;
  @ApiProperty({ example: '2026-11-20T10:00:00.000Z', type: String, format: 'date-time', nullable: true }) failedAt:
    string | null;
}

export class OutboxStatusResponse {
  @ApiProperty({ example: 0 }) unsent: number;
  @ApiProperty({ type: Date, nullable: true, example: null }) oldestUnsentAt: string | null;
  @ApiProperty({ example: 0 }) maxRelayAttempts: number;
  @ApiProperty({ type: String, nullable: true, example: null }) lastRelayError: string | null;
}

export class RelayRunResponse {
  @ApiProperty({ example: 12 }) relayed: number;
  @ApiProperty({ type: String, nullable: true, example: null }) error: string | null;
}

/** The dead-letter view and the outbox, for admins. */
@ApiTags('Operations')
@Controller('admin')
export class AdminQueuesController {
  constructor(
    private readonly queues: QueueHealthIndicator,
    private readonly relay: OutboxRelay,
    private readonly outboxRows: OutboxRepository,
  ) {}

  @Get('queues/failed')
  @Access(Role.Admin)
  @ApiOperation({
    summary: 'Failed jobs (dead letters)',
    description: 'Jobs that used up their retries, newest first, with the last error.',
  })
  @ApiOkResponse({ type: [FailedJobResponse] })
  @ApiProblemResponses()
  async failed(@Query() query: FailedJobsQuery): Promise<FailedJobResponse[]> {
    const result: FailedJobResponse[] = [];
    for (const queue of this.queues.all().filter((q) => !query.queue || q.name === query.queue)) {
      for (const job of await queue.getFailed(0, query.limit - 1)) {
        result.push({
          queue: queue.name,
          id: String(job.id),
          name: job.name,
          failedReason: job.failedReason,
          attemptsMade: job.attemptsMade,
          failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        });
      }
    }
    return result.sort((a, b) => String(b.failedAt).localeCompare(String(a.failedAt))).slice(0, query.limit);
  }

  @Post('queues/:queue/jobs/:jobId/retry')
  @HttpCode(200)
  @Access(Role.Admin)
  @ApiOperation({
    summary: 'Retry a failed job',
    description: 'Moves one dead letter back to waiting, with its attempts reset.',
  })
  @ApiOkResponse({ type: FailedJobResponse })
  @ApiProblem(404, 'No such failed job')
  @ApiProblemResponses()
  async retry(
    @Param('queue') queueName: string,
    @Param('jobId') jobId: string,
  ): Promise<{ queue: string; id: string }> {
    const queue = this.queues.all().find((q) => q.name === queueName);
    const job = queue ? await queue.getJob(jobId) : undefined;
    if (!queue || !job || !(await job.isFailed())) throw new RecordNotFoundError('Failed job', jobId);
    await job.retry('failed', { resetAttemptsMade: true });
    return { queue: queue.name, id: jobId };
  }

  @Get('outbox')
  @Access(Role.Admin)
  @ApiOperation({
    summary: 'Outbox status',
    description: 'Rows not yet relayed to the queues, the most relay attempts any has had, and the last relay error.',
  })
  @ApiOkResponse({ type: OutboxStatusResponse })
  @ApiProblemResponses()
  async outbox(): Promise<OutboxStatusResponse> {
    const row = await this.outboxRows.status();
    return {
      unsent: row.unsent,
      oldestUnsentAt: row.oldest ? new Date(row.oldest).toISOString() : null,
      maxRelayAttempts: row.attempts,
      lastRelayError: row.error,
    };
  }

  @Post('outbox/relay')
  @HttpCode(200)
  @Access(Role.Admin)
  @ApiOperation({
    summary: 'Relay the outbox now',
    description: 'Runs the relay at once instead of waiting for the next tick (safe alongside it).',
  })
  @ApiOkResponse({ type: RelayRunResponse })
  @ApiProblemResponses()
  async relayNow(): Promise<RelayRunResponse> {
    return this.relay.relayPending();
  }
}
