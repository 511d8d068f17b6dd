import type { EntityManager } from 'typeorm';
import type {
  NotificationDraft,
  OutboxEventView,
  ReminderPlan,
  ReminderPolicy,
  ScheduledReminder,
} from '../../../scheduling/reminders/reminder-policy';
import type { SettingsReader, SiteContacts } from '../../../scheduling/reminders/site-contacts';
import type { EscalationRouter, LoneWorkingVisitReader } from './readers';

export const LONE_WORKING_ESCALATION = 'lone_working.no_check_out';
export const LONE_WORKING_DEPUTY_ESCALATION = 'lone_working.no_check_out.deputy';

type ChainRole = 'coordinator' | 'deputy';
const KIND_OF: Record<ChainRole, string> = {
  coordinator: LONE_WORKING_ESCALATION,
  deputy: LONE_WORKING_DEPUTY_ESCALATION,
};
const ALL_KINDS = Object.values(KIND_OF);

const jobIdOf = (kind: string, visitId: string, expectedEndMs: number) => `${kind}-${visitId}-${expectedEndMs}`;
const instantOf = (value: unknown): number => (typeof value === 'string' ? new Date(value).getTime() : NaN);

/**
 * When each step of the site's escalation chain fires for a visit expected to end at `expectedEnd`: the
 * first after the grace period, each next one an acknowledgement window later (handbook 14). `scale`
 * (REMINDER_TIME_SCALE, 1 in production) shortens the grace and acknowledgement windows — never the
 * expected end, which is a real instant — exactly as LoneWorkingService shortens them for visitSafetyAt,
 * so the jobs and the visit's safety state agree in tests too.
 */
export function escalationSteps(
  expectedEnd: Date,
  settings: {
    loneWorkingGraceMinutes: number;
    loneWorkingAcknowledgementMinutes: number;
    loneWorkingEscalationChain: readonly ChainRole[];
  },
  scale: number,
): { role: ChainRole; kind: string; fireAt: Date }[] {
  const minute = 60_000 * scale;
  const graceEnds = expectedEnd.getTime() + settings.loneWorkingGraceMinutes * minute;
  // +1 ms: visitSafetyAt counts the boundary instant itself as still inside the previous window.
  return settings.loneWorkingEscalationChain.map((role, step) => ({
    role,
    kind: KIND_OF[role],
    fireAt: new Date(graceEnds + step * settings.loneWorkingAcknowledgementMinutes * minute + 1),
  }));
}

/**
 * Lone-working safety: a visit started with an expected end and not checked out within the site's grace
 * period escalates along the site's chain (coordinator, then the named deputy), each step
 * `loneWorkingAcknowledgementMinutes` after the one before unless someone acknowledged the escalation.
 * The coordinator step goes to whoever is responsible at fire time (SupportRouting: the deputy while the
 * coordinator is absent). Events (LoneWorkingService): `lone_working.visit_started` and
 * `lone_working.checked_in` with `{ visitId, expectedEndAt, previousExpectedEndAt? }`, and
 * `lone_working.checked_out` with `{ visitId, expectedEndAt }`.
 */
export class LoneWorkingEscalationPolicy implements ReminderPolicy {
  readonly name = 'lone-working-escalation';
  readonly handles = ['lone_working.visit_started', 'lone_working.checked_in', 'lone_working.checked_out'] as const;

  constructor(
    private readonly visits: LoneWorkingVisitReader,
    private readonly sites: SettingsReader,
    private readonly contacts: SiteContacts,
    private readonly router: EscalationRouter,
    private readonly scale: number,
  ) {}

  async plan(event: OutboxEventView, manager: EntityManager): Promise<ReminderPlan> {
    const visitId = typeof event.payload.visitId === 'string' ? event.payload.visitId : event.aggregateId;
    const expectedEnd = instantOf(event.payload.expectedEndAt);
    const previousEnd = instantOf(event.payload.previousExpectedEndAt);
    const allFor = (end: number) => ALL_KINDS.map((kind) => jobIdOf(kind, visitId, end));
    if (event.type === 'lone_working.checked_out')
      return { schedule: [], cancel: Number.isFinite(expectedEnd) ? allFor(expectedEnd) : [] };
    const cancel = Number.isFinite(previousEnd) && previousEnd !== expectedEnd ? allFor(previousEnd) : [];
    const visit = await this.visits.visit(visitId, manager);
    if (!visit || visit.checkedOutAt || !Number.isFinite(expectedEnd)) return { schedule: [], cancel };
    const settings = await this.sites.settingsOf(visit.siteId);
    const schedule = escalationSteps(new Date(expectedEnd), settings, this.scale).map(
      ({ kind, fireAt }): ScheduledReminder => ({
        jobId: jobIdOf(kind, visitId, expectedEnd),
        policy: this.name,
        kind,
        subjectType: 'lone_working_visit',
        subjectId: visitId,
        fireAt,
        params: { expectedEndAt: new Date(expectedEnd).toISOString() },
      }),
    );
    return { schedule, cancel };
  }

  async check(reminder: ScheduledReminder, manager: EntityManager): Promise<NotificationDraft[] | null> {
    const visit = await this.visits.visit(reminder.subjectId, manager);
    // Checked out, extended since (a check-in planned new jobs), or acknowledged: this escalation stops here.
    if (
      !visit ||
      visit.checkedOutAt ||
      visit.escalationAcknowledgedAt ||
      visit.expectedEndAt.toISOString() !== reminder.params.expectedEndAt
    )
      return null;
    // Escalations already notified for this visit and expected end (any step, this one included if retried).
    const earlier = await this.visits.escalationsNotified(visit.id, ALL_KINDS, visit.expectedEndAt, manager);
    // Someone acknowledged an earlier step in their feed: they have it in hand.
    if (earlier.some((r) => r.acknowledged)) return null;
    const now = new Date();
    const route = await this.router.responsibleFor(visit.siteId, now, manager);
    let recipients: string[];
    if (reminder.kind === LONE_WORKING_DEPUTY_ESCALATION) {
      const deputy = route ? route.deputyUserId : await this.contacts.deputyOf(visit.siteId, manager);
      recipients = deputy ? [deputy] : [];
    } else {
      recipients = route ? [route.responsibleUserId] : await this.contacts.coordinatorsOf(visit.siteId, manager);
    }
    // The deputy who was alerted at the first step (the coordinator being away) is not alerted twice.
    const alerted = new Set(earlier.map((r) => r.recipient));
    recipients = recipients.filter((id) => !alerted.has(id));
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
