import type { EntityManager } from 'typeorm';
import { scaledFireAt } from '../../../scheduling/reminders/reminder-clock';
import type {
  NotificationDraft,
  OutboxEventView,
  ReminderPlan,
  ReminderPolicy,
  ScheduledReminder,
} from '../../../scheduling/reminders/reminder-policy';
import type { SettingsReader } from '../../../scheduling/reminders/site-contacts';
import { type AbsentOwnerRouting, type MeetingReader, reminderRecipient, STAND_IN_NOTE } from './readers';

export const MEETING_REMINDER = 'meeting.reminder';

const startOf = (value: unknown): number | null => {
  const ms = typeof value === 'string' || value instanceof Date ? new Date(value).getTime() : NaN;
  return Number.isFinite(ms) ? ms : null;
};

/** The job id names the meeting and the start it was planned for: moving the meeting means a new job. */
export const meetingReminderJobId = (meetingId: string, startsAtMs: number) =>
  `${MEETING_REMINDER}-${meetingId}-${startsAtMs}`;

/**
 * The peer worker is reminded `meetingReminderLeadHours` before each planned meeting. Events are the
 * meetings service's: `{ meetingId, plannedStartAt }`. Rescheduling keeps the old meeting (now
 * `rescheduled`) and plans a NEW one: `meeting.rescheduled` names the new meeting and carries
 * `rescheduledFromId` and `previousPlannedStartAt`, so the old meeting's reminder is removed and the new
 * one's planned. Cancelled, held or missed: the reminder is removed (and would notify nobody at fire time
 * anyway, because the check re-reads the meeting).
 */
export class MeetingReminderPolicy implements ReminderPolicy {
  readonly name = 'meeting-reminder';
  readonly handles = [
    'meeting.planned',
    'meeting.rescheduled',
    'meeting.cancelled',
    'meeting.held',
    'meeting.missed',
  ] as const;

  constructor(
    private readonly meetings: MeetingReader,
    private readonly sites: SettingsReader,
    private readonly scale: number,
    private readonly absentOwners?: AbsentOwnerRouting,
  ) {}

  async plan(event: OutboxEventView, manager: EntityManager): Promise<ReminderPlan> {
    const meetingId = typeof event.payload.meetingId === 'string' ? event.payload.meetingId : event.aggregateId;
    const startsAt = startOf(event.payload.plannedStartAt);
    if (event.type !== 'meeting.planned' && event.type !== 'meeting.rescheduled') {
      // No longer planned: its reminder (if one was planned) goes.
      return { schedule: [], cancel: startsAt === null ? [] : [meetingReminderJobId(meetingId, startsAt)] };
    }
    const previousId = typeof event.payload.rescheduledFromId === 'string' ? event.payload.rescheduledFromId : null;
    const previous = startOf(event.payload.previousPlannedStartAt);
    const cancel =
      event.type === 'meeting.rescheduled' && previousId && previous !== null
        ? [meetingReminderJobId(previousId, previous)]
        : [];
    const meeting = await this.meetings.meeting(meetingId, manager);
    if (!meeting || startsAt === null) return { schedule: [], cancel };
    const { meetingReminderLeadHours } = await this.sites.settingsOf(meeting.siteId);
    const remindAt = new Date(startsAt - meetingReminderLeadHours * 3_600_000);
    const reminder: ScheduledReminder = {
      jobId: meetingReminderJobId(meetingId, startsAt),
      policy: this.name,
      kind: MEETING_REMINDER,
      subjectType: 'meeting',
      subjectId: meetingId,
      fireAt: scaledFireAt(remindAt, event.createdAt, event.createdAt, this.scale),
      params: { startsAt: new Date(startsAt).toISOString() },
    };
    return { schedule: [reminder], cancel };
  }

  async check(reminder: ScheduledReminder, manager: EntityManager): Promise<NotificationDraft[] | null> {
    const meeting = await this.meetings.meeting(reminder.subjectId, manager);
    // Cancelled, held, or moved since: this reminder is no longer the meeting's.
    if (!meeting || meeting.status !== 'planned' || meeting.startsAt.toISOString() !== reminder.params.startsAt)
      return null;
    const to = await reminderRecipient(
      this.absentOwners,
      { peerWorkerId: meeting.peerWorkerId, userId: meeting.peerWorkerUserId },
      meeting.siteId,
      new Date(),
      manager,
    );
    if (!to.userId) return [];
    return [
      {
        recipientUserId: to.userId,
        kind: MEETING_REMINDER,
        subjectType: 'meeting',
        subjectId: meeting.id,
        siteId: meeting.siteId,
        dueAt: reminder.fireAt,
        summary: `${to.standIn ? STAND_IN_NOTE : ''}Meeting planned for ${meeting.startsAt.toISOString()}`,
        details: {
          startsAt: meeting.startsAt.toISOString(),
          episodeId: meeting.episodeId,
          ...(to.standIn ? { absentPeerWorkerId: meeting.peerWorkerId } : {}),
        },
        dedupeKey: `${reminder.jobId}:${to.userId}`,
      },
    ];
  }
}
