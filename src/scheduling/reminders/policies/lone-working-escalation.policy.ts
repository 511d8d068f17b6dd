import type { EntityManager } from 'typeorm';
import { scaledFireAt } from '../reminder-clock';
import type { NotificationDraft, OutboxEventView, ReminderPlan, ReminderPolicy, ScheduledReminder } from '../reminder-policy';
import type { SettingsReader, SiteContacts } from '../site-contacts';
import type { LoneWorkingVisitReader } from './readers';

export const LONE_WORKING_ESCALATION = 'lone_working.no_check_out';
export const LONE_WORKING_DEPUTY_ESCALATION = 'lone_working.no_check_out.deputy';

const jobIdOf = (kind: string, visitId: string, expectedEndMs: number) => `${kind}-${visitId}-${expectedEndMs}`;

/**
 * Lone-working safety: a visit started with an expected end and not checked out within the site's grace
 * period escalates to the coordinator; if nobody acknowledges that within `loneWorkingDeputyAfterMinutes`,
 * to the deputy. Events: `lone_working.visit_started` / `lone_working.visit_extended` with
 * `{ visitId, expectedEndAt, previousExpectedEndAt? }`, and `lone_working.checked_out`.
 */
export class LoneWorkingEscalationPolicy implements ReminderPolicy {
  readonly name = 'lone-working-escalation';
  readonly handles = ['lone_working.visit_started', 'lone_working.visit_extended', 'lone_working.checked_out'] as const;

  constructor(
    private readonly visits: LoneWorkingVisitReader,
    private readonly sites: SettingsReader,
    private readonly contacts: SiteContacts,
    private readonly scale: number,
  ) {}

  async plan(event: OutboxEventView, manager: EntityManager): Promise<ReminderPlan> {
    const visitId = String(event.payload.visitId ?? event.aggregateId);
    const expectedEnd = new Date(String(event.payload.expectedEndAt ?? '')).getTime();
    const previousEnd = event.payload.previousExpectedEndAt ? new Date(String(event.payload.previousExpectedEndAt)).getTime() : NaN;
    const both = (end: number) => [jobIdOf(LONE_WORKING_ESCALATION, visitId, end), jobIdOf(LONE_WORKING_DEPUTY_ESCALATION, visitId, end)];
    if (event.type === 'lone_working.checked_out') return { schedule: [], cancel: Number.isFinite(expectedEnd) ? both(expectedEnd) : [] };
    const cancel = Number.isFinite(previousEnd) && previousEnd !== expectedEnd ? both(previousEnd) : [];
    const visit = await this.visits.visit(visitId, manager);
    if (!visit || !Number.isFinite(expectedEnd)) return { schedule: [], cancel };
    const { loneWorkingGraceMinutes, loneWorkingDeputyAfterMinutes } = await this.sites.settingsOf(visit.siteId);
    const coordinatorAt = new Date(expectedEnd + loneWorkingGraceMinutes * 60_000);
    const deputyAt = new Date(coordinatorAt.getTime() + loneWorkingDeputyAfterMinutes * 60_000);
    const reminder = (kind: string, fireAt: Date): ScheduledReminder => ({
      jobId: jobIdOf(kind, visitId, expectedEnd),
      policy: this.name,
      kind,
      subjectType: 'lone_working_visit',
      subjectId: visitId,
      fireAt: scaledFireAt(fireAt, event.createdAt, event.createdAt, this.scale),
      params: { expectedEndAt: new Date(expectedEnd).toISOString() },
    });
    return { schedule: [reminder(LONE_WORKING_ESCALATION, coordinatorAt), reminder(LONE_WORKING_DEPUTY_ESCALATION, deputyAt)], cancel };
  }

  async check(reminder: ScheduledReminder, manager: EntityManager): Promise<NotificationDraft[] | null> {
    const visit = await this.visits.visit(reminder.subjectId, manager);
    if (!visit || visit.checkedOutAt || visit.expectedEndAt.toISOString() !== reminder.params.expectedEndAt) return null;
    let recipients: string[];
    if (reminder.kind === LONE_WORKING_DEPUTY_ESCALATION) {
      const coordinatorJob = jobIdOf(LONE_WORKING_ESCALATION, visit.id, visit.expectedEndAt.getTime());
      const [{ acknowledged }] = await manager.query(
        `SELECT count(*)::int AS acknowledged FROM notifications WHERE dedupe_key LIKE $1 AND acknowledged_at IS NOT NULL`,
        [`${coordinatorJob}:%`],
      );
      if (acknowledged > 0) return null; // the coordinator has it in hand
      const deputy = await this.contacts.deputyOf(visit.siteId, manager);
      recipients = deputy ? [deputy] : [];
    } else {
      recipients = await this.contacts.coordinatorsOf(visit.siteId, manager);
    }
    return recipients.map((recipientUserId) => ({
      recipientUserId,
      kind: reminder.kind,
      subjectType: 'lone_working_visit',
      subjectId: visit.id,
      siteId: visit.siteId,
      dueAt: reminder.fireAt,
      summary: `Lone working: no check-out from a visit expected to end at ${visit.expectedEndAt.toISOString()}`,
      details: { expectedEndAt: visit.expectedEndAt.toISOString(), peerWorkerUserId: visit.peerWorkerUserId },
      dedupeKey: `${reminder.jobId}:${recipientUserId}`,
    }));
  }
}
