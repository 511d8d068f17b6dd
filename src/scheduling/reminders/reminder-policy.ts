import type { EntityManager } from 'typeorm';

/** An outbox event as a policy sees it: facts at the time of the change. */
export interface OutboxEventView {
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** One delayed job a policy asks for. The job id is deterministic, so planning twice schedules once. */
export interface ScheduledReminder {
  /** Unique per subject *and* its timing (e.g. includes the meeting's start), so a moved subject gets a new job. */
  jobId: string;
  /** The policy's name: the processor hands the reminder back to it at fire time. */
  policy: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  fireAt: Date;
  /** Facts the check needs to recognise a stale reminder (the start time it was planned for …). */
  params: Record<string, string | number | null>;
}

export interface ReminderPlan {
  schedule: ScheduledReminder[];
  /** Job ids of reminders this event makes obsolete (a meeting moved or cancelled): removed if still delayed. */
  cancel?: string[];
}

/** What a reminder becomes when it is still due: one notification per recipient. */
export interface NotificationDraft {
  recipientUserId: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  siteId: string | null;
  dueAt: Date;
  summary: string;
  details?: Record<string, unknown>;
  /** Unique: the same reminder for the same person is never notified twice. */
  dedupeKey: string;
}

/**
 * How one kind of reminder works: which events plan it, and what it becomes at fire time. `check`
 * re-reads the current state — a cancelled meeting's reminder returns null and notifies nobody.
 */
export interface ReminderPolicy {
  readonly name: string;
  readonly handles: readonly string[];
  plan(event: OutboxEventView, manager: EntityManager): Promise<ReminderPlan>;
  check(reminder: ScheduledReminder, manager: EntityManager): Promise<NotificationDraft[] | null>;
}

/** An overdue item for the coordinator's daily digest. */
export interface OverdueItem {
  kind: string;
  subjectType: string;
  subjectId: string;
  /** When it became overdue. */
  dueAt: Date;
  summary: string;
  /** Days it has waited (0 on the day it arose), for items that escalate daily. */
  escalationLevel?: number;
}

/** A source of overdue items per site (first community meetings, supervisions, step-down contacts …). */
export interface OverdueItemSource {
  readonly name: string;
  overdueAt(siteId: string, now: Date, manager: EntityManager): Promise<OverdueItem[]>;
}
