import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Environment } from '../config/environment';

/**
 * Whether the outbox relay is making progress: an unsent row older than OUTBOX_STALL_AFTER_MS means
 * nothing is relaying (Redis lost the tick, the worker is down), and reminders and webhooks have stopped.
 */
@Injectable()
export class OutboxHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async progressing(key: string) {
    const indicator = this.indicators.check(key);
    const stallAfterMs = this.config.get('OUTBOX_STALL_AFTER_MS', { infer: true });
    try {
      // Served by the partial index on unsent rows.
      const [row]: { oldest_ms: number | null; unsent: number }[] = await this.dataSource.query(
        `SELECT (extract(epoch FROM now() - min(created_at)) * 1000)::float8 AS oldest_ms, count(*)::int AS unsent FROM outbox_events WHERE sent_at IS NULL`,
      );
      const oldestUnsentMs = row?.oldest_ms == null ? 0 : Math.round(row.oldest_ms);
      const details = { unsent: row?.unsent ?? 0, oldestUnsentMs, stallAfterMs };
      return oldestUnsentMs > stallAfterMs ? indicator.down({ ...details, message: 'The outbox relay is not progressing' }) : indicator.up(details);
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
