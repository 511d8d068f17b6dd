import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment';
import { ReminderPlanner } from './reminder-planner.service';
import { ReminderRebuildRepository } from './reminder-rebuild.repository';
import { ReminderRegistry } from './reminder-registry';

const BATCH = 500;

/**
 * Delayed reminders live in Redis, but PostgreSQL is the source of truth: every reminder was planned
 * from an outbox event, and a policy plans the same job ids from the same event every time. When Redis
 * lost its data, replaying the recent events through the planner (in the order they happened, so a
 * later "meeting moved" cancels the earlier reminder again) puts back every reminder still to come.
 * Idempotent: a job id already queued adds nothing, and notifications are deduplicated by key.
 */
@Injectable()
export class ReminderRebuild {
  private readonly logger = new Logger(ReminderRebuild.name);

  constructor(
    private readonly events: ReminderRebuildRepository,
    private readonly registry: ReminderRegistry,
    private readonly planner: ReminderPlanner,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async rebuild(now = new Date()): Promise<{ events: number; scheduled: number }> {
    const types = [
      ...new Set(this.registry.policyNames().flatMap((name) => this.registry.policy(name)?.handles ?? [])),
    ];
    if (types.length === 0) return { events: 0, scheduled: 0 };
    const lookbackDays = this.config.get('REMINDER_REBUILD_LOOKBACK_DAYS', { infer: true });
    const notBefore = new Date(
      now.getTime() - this.config.get('REMINDER_REBUILD_MISSED_HOURS', { infer: true }) * 3_600_000,
    );
    let events = 0;
    let scheduled = 0;
    let after: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const rows = await this.events.relayedEvents(types, lookbackDays, after, BATCH);
      for (const row of rows) {
        scheduled += (await this.planner.planFor(row.id, { notBefore })).scheduled;
        events++;
      }
      if (rows.length < BATCH) break;
      after = { createdAt: rows[rows.length - 1].created_at, id: rows[rows.length - 1].id };
    }
    this.logger.log({ events, scheduled }, 'Reminders rebuilt from the outbox');
    return { events, scheduled };
  }
}
