import type { EntityManager } from 'typeorm';
import { addCalendarDays, londonTimeOn, scaledFireAt } from '../../../scheduling/reminders/reminder-clock';
import { DateTime } from 'luxon';
import type {
  NotificationDraft,
  OutboxEventView,
  OverdueItem,
  OverdueItemSource,
  ReminderPlan,
  ReminderPolicy,
  ScheduledReminder,
} from '../../../scheduling/reminders/reminder-policy';
import type { SettingsReader, SiteContacts } from '../../../scheduling/reminders/site-contacts';
import type { DischargedEpisodeReader, DischargedEpisodeView, MeetingReader } from './readers';

export const FIRST_COMMUNITY_MEETING_DUE = 'first_community_meeting.due';
export const FIRST_COMMUNITY_MEETING_OVERDUE = 'first_community_meeting.overdue';
/** Reminders go out in working hours, London time. */
const REMINDER_TIME = '09:00';

/** The fire times for a discharge: a reminder the day before the window ends, an escalation the day after it. */
export function firstCommunityMeetingTimes(dischargedOn: string, withinDays: number) {
  return {
    anchor: londonTimeOn(dischargedOn, '00:00'),
    remindAt: londonTimeOn(addCalendarDays(dischargedOn, Math.max(0, withinDays - 1)), REMINDER_TIME),
    escalateAt: londonTimeOn(addCalendarDays(dischargedOn, withinDays + 1), REMINDER_TIME),
  };
}

/**
 * Handbook: the first community meeting is due within `firstCommunityMeetingWithinDays` of discharge.
 * On `episode.discharged` the peer worker is reminded before the window closes; if no community meeting
 * has been held when it has closed, the site's coordinator is told it is overdue.
 */
export class FirstCommunityMeetingPolicy implements ReminderPolicy, OverdueItemSource {
  readonly name = 'first-community-meeting';
  readonly handles = ['episode.discharged'] as const;

  constructor(
    private readonly sites: SettingsReader,
    private readonly contacts: SiteContacts,
    private readonly episodes: DischargedEpisodeReader,
    private readonly meetings: Pick<MeetingReader, 'firstCommunityMeetingHeldSince'>,
    private readonly scale: number,
  ) {}

  async plan(event: OutboxEventView, manager: EntityManager): Promise<ReminderPlan> {
    const dischargedOn = typeof event.payload.dischargedOn === 'string' ? event.payload.dischargedOn : '';
    const episode = await this.episodes.episode(event.aggregateId, manager);
    if (!episode || !dischargedOn) return { schedule: [] };
    const { firstCommunityMeetingWithinDays } = await this.sites.settingsOf(episode.siteId);
    const times = firstCommunityMeetingTimes(dischargedOn, firstCommunityMeetingWithinDays);
    const at = (real: Date) => scaledFireAt(real, times.anchor, event.createdAt, this.scale);
    const reminder = (kind: string, fireAt: Date): ScheduledReminder => ({
      // The discharge date is in the id: a readmission and a new discharge plan their own reminders.
      jobId: `${kind}-${episode.id}-${dischargedOn}`,
      policy: this.name,
      kind,
      subjectType: 'support_episode',
      subjectId: episode.id,
      fireAt,
      params: { dischargedOn, dueAt: addCalendarDays(dischargedOn, firstCommunityMeetingWithinDays) },
    });
    return {
      schedule: [
        reminder(FIRST_COMMUNITY_MEETING_DUE, at(times.remindAt)),
        reminder(FIRST_COMMUNITY_MEETING_OVERDUE, at(times.escalateAt)),
      ],
    };
  }

  async check(reminder: ScheduledReminder, manager: EntityManager): Promise<NotificationDraft[] | null> {
    const episode = await this.episodes.episode(reminder.subjectId, manager);
    // Readmitted, ended, discharged again on another date, or already stepped down: nothing to remind.
    if (
      !episode ||
      episode.state !== 'community_support' ||
      !episode.dischargedOn ||
      episode.dischargedOn !== reminder.params.dischargedOn
    )
      return null;
    if (await this.meetings.firstCommunityMeetingHeldSince(episode.id, episode.dischargedOn, manager)) return null;
    const overdue = reminder.kind === FIRST_COMMUNITY_MEETING_OVERDUE;
    let recipients = overdue ? await this.contacts.coordinatorsOf(episode.siteId, manager) : [];
    if (!overdue) {
      const peerWorkerUser = episode.peerWorkerId
        ? await this.contacts.userOfPeerWorker(episode.peerWorkerId, manager)
        : null;
      recipients = peerWorkerUser ? [peerWorkerUser] : await this.contacts.coordinatorsOf(episode.siteId, manager);
    }
    const summary = overdue
      ? `First community meeting overdue: due by ${reminder.params.dueAt} after discharge on ${episode.dischargedOn}`
      : `First community meeting due by ${reminder.params.dueAt} (discharged ${episode.dischargedOn})`;
    return recipients.map((recipientUserId) => ({
      recipientUserId,
      kind: reminder.kind,
      subjectType: 'support_episode',
      subjectId: episode.id,
      siteId: episode.siteId,
      dueAt: reminder.fireAt,
      summary,
      details: { dischargedOn: episode.dischargedOn, dueBy: reminder.params.dueAt },
      dedupeKey: `${reminder.jobId}:${recipientUserId}`,
    }));
  }

  /** For the daily digest: the site's episodes discharged beyond the window with no community meeting yet. */
  async overdueAt(siteId: string, now: Date, manager: EntityManager): Promise<OverdueItem[]> {
    const { firstCommunityMeetingWithinDays } = await this.sites.settingsOf(siteId);
    const today = DateTime.fromJSDate(now, { zone: 'Europe/London' }).toISODate()!;
    const lastOnTime = addCalendarDays(today, -firstCommunityMeetingWithinDays - 1);
    const rows: DischargedEpisodeView[] = await this.episodes.inCommunitySupportDischargedBy(
      siteId,
      lastOnTime,
      manager,
    );
    const items: OverdueItem[] = [];
    for (const row of rows) {
      if (await this.meetings.firstCommunityMeetingHeldSince(row.id, row.dischargedOn!, manager)) continue;
      const dueBy = addCalendarDays(row.dischargedOn!, firstCommunityMeetingWithinDays);
      items.push({
        kind: FIRST_COMMUNITY_MEETING_OVERDUE,
        subjectType: 'support_episode',
        subjectId: row.id,
        dueAt: londonTimeOn(addCalendarDays(dueBy, 1), '00:00'),
        summary: `First community meeting overdue (discharged ${row.dischargedOn}, due by ${dueBy})`,
      });
    }
    return items;
  }
}
