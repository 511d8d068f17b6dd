import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ProvidesReminders, type ReminderProvider } from './provides-reminders';
import type { OverdueItemSource, ReminderPolicy } from './reminder-policy';

/**
 * Every reminder policy and overdue-item source of the app, found on the providers declared with
 * @ProvidesReminders() (each area keeps its own); the scheduling processors look them up here by the
 * outbox event type they handle and by name.
 */
@Injectable()
export class ReminderRegistry implements OnApplicationBootstrap {
  private catalogue: { policies: Map<string, ReminderPolicy>; sources: Map<string, OverdueItemSource> } | null = null;

  constructor(private readonly discovery: DiscoveryService) {}

  /** Discover at start-up, so a policy name used twice stops the app rather than a job later. */
  onApplicationBootstrap(): void {
    this.discovered();
  }

  policy(name: string): ReminderPolicy | undefined {
    return this.discovered().policies.get(name);
  }

  policiesFor(eventType: string): ReminderPolicy[] {
    return [...this.discovered().policies.values()].filter((p) => p.handles.includes(eventType));
  }

  overdueSources(): OverdueItemSource[] {
    return [...this.discovered().sources.values()];
  }

  policyNames(): string[] {
    return [...this.discovered().policies.keys()];
  }

  /** Found once, lazily: every provider instance exists (and has run onModuleInit) by the first lookup. */
  private discovered(): { policies: Map<string, ReminderPolicy>; sources: Map<string, OverdueItemSource> } {
    if (this.catalogue) return this.catalogue;
    const policies = new Map<string, ReminderPolicy>();
    const sources = new Map<string, OverdueItemSource>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: ProvidesReminders.KEY })) {
      const provider = wrapper.instance as ReminderProvider | undefined;
      if (!provider) continue;
      for (const policy of provider.reminderPolicies()) {
        if (policies.has(policy.name)) throw new Error(`Reminder policy ${policy.name} is provided twice`);
        policies.set(policy.name, policy);
      }
      for (const source of provider.overdueItemSources?.() ?? []) {
        if (sources.has(source.name)) throw new Error(`Overdue item source ${source.name} is provided twice`);
        sources.set(source.name, source);
      }
    }
    this.catalogue = { policies, sources };
    return this.catalogue;
  }
}
