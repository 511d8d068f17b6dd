import { DiscoveryService } from '@nestjs/core';
import type { OverdueItemSource, ReminderPolicy } from './reminder-policy';

/**
 * A provider that supplies reminder policies (and overdue-item sources for the daily digest). Declared on
 * the class with `@ProvidesReminders()`; ReminderRegistry finds every such provider at start-up (Nest's
 * DiscoveryService), so no area registers anything by hand.
 */
export interface ReminderProvider {
  reminderPolicies(): ReminderPolicy[];
  overdueItemSources?(): OverdueItemSource[];
}

export const ProvidesReminders = DiscoveryService.createDecorator<void>();
