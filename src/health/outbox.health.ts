import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Environment } from '../config/environment';
import { OutboxProgressRepository } from './outbox-progress.repository';

/**
 * Whether the outbox relay is making progress: an unsent row older than OUTBOX_STALL_AFTER_MS means
 * nothing is relaying (Redis lost the tick, the worker is down), and reminders and webhooks have stopped.
 */
@Injectable()
export class OutboxHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly outbox: OutboxProgressRepository,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async progressing(key: string) {
    const indicator = this.indicators.check(key);
    const stallAfterMs = this.config.get('OUTBOX_STALL_AFTER_MS', { infer: true });
    try {
      const { unsent, oldestUnsentMs } = await this.outbox.unsent();
      const details = { unsent, oldestUnsentMs, stallAfterMs };
      return oldestUnsentMs > stallAfterMs
        ? indicator.down({ ...details, message: 'The outbox relay is not progressing' })
        : indicator.up(details);
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
