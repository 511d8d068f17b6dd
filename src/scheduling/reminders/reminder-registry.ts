import { Injectable } from '@nestjs/common';
import type { OverdueItemSource, ReminderPolicy } from './reminder-policy';

/**
 * Where domain areas plug their reminders in: a module registers its policy (and its overdue-item source
 * for the daily digest) in onModuleInit; the scheduling processors find them here by event type and name.
 */
@Injectable()
export class ReminderRegistry {
  private readonly policies = new Map<string, ReminderPolicy>();
  private readonly sources = new Map<string, OverdueItemSource>();

  register(policy: ReminderPolicy): void {
    if (this.policies.has(policy.name)) throw new Error(`Reminder policy ${policy.name} is registered twice`);
    this.policies.set(policy.name, policy);
  }

  registerOverdueSource(source: OverdueItemSource): void {
    if (this.sources.has(source.name)) throw new Error(`Overdue item source ${source.name} is registered twice`);
    this.sources.set(source.name, source);
  }

  policy(name: string): ReminderPolicy | undefined {
    return this.policies.get(name);
  }

  policiesFor(eventType: string): ReminderPolicy[] {
    return [...this.policies.values()].filter((p) => p.handles.includes(eventType));
  }

  overdueSources(): OverdueItemSource[] {
    return [...this.sources.values()];
  }

  policyNames(): string[] {
    return [...this.policies.keys()];
  }
}
