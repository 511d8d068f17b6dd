import type { EntityManager } from 'typeorm';
import { addCalendarDays, londonTimeOn, scaledFireAt } from '../../../scheduling/reminders/reminder-clock';
import type {
  NotificationDraft,
  OutboxEventView,
  ReminderPlan,
  ReminderPolicy,
  ScheduledReminder,
} from '../../../scheduling/reminders/reminder-policy';
import type { SiteContacts } from '../../../scheduling/reminders/site-contacts';
import type { PlannedContactReader } from './planned-contact.policy';

export const PLANNED_CONTACT_WINDOW_CLOSED = 'planned_contact.window_closed';
/** The morning after the window's last day: the day is over everywhere the peer worker could have recorded it. */
const CLOSE_TIME = '06:00';

/** Marks a contact missed when its window closed with nothing recorded; implemented by the step-down plan. */
export interface ContactWindowCloser {
  /** Re-reads the contact: the missed contact when its window `windowEndsOn` closed unmet (now or by an earlier run), else null. */
  missAfterWindow(contactId: string, windowEndsOn: string): Promise<{ id: string } | null>;
}

/** When a contact's window is over: 06:00 London the day after its last day (its due date, if that is later). */
export function windowCloseAt(windowEndsOn: string, dueOn: string): Date {
  const lastDay = dueOn > windowEndsOn ? dueOn : windowEndsOn;
  return londonTimeOn(addCalendarDays(lastDay, 1), CLOSE_TIME);
}

/**
 * The step-down follows the calendar (handbook 14.8): on `planned_contact.scheduled` a job is planned for the
 * morning after the contact's window closes, its id fixed by the contact and the window (a re-dated contact gets
 * a new job; the old one finds the window changed and does nothing). At fire time the plan re-reads the contact:
 * still outstanding, it is marked missed through the planned-contact transition table, and its owner and the
 * site's coordinators are told. A window that had already closed when the plan was made (a discharge recorded
 * after the fact) is not chased: those contacts are being recorded, not missed.
 */
export class ContactWindowPolicy implements ReminderPolicy {
  readonly name = 'planned-contact-window';
  readonly handles = ['planned_contact.scheduled'] as const;

  constructor(
    private readonly contacts: PlannedContactReader,
    private readonly closer: ContactWindowCloser,
    private readonly people: Pick<SiteContacts, 'userOfPeerWorker' | 'coordinatorsOf'>,
    private readonly scale: number,
  ) {}

  plan(event: OutboxEventView): Promise<ReminderPlan> {
    const id = typeof event.payload.plannedContactId === 'string' ? event.payload.plannedContactId : event.aggregateId;
    const { windowEndsOn, dueOn } = event.payload;
    if (typeof windowEndsOn !== 'string' || typeof dueOn !== 'string') return Promise.resolve({ schedule: [] });
    const at = windowCloseAt(windowEndsOn, dueOn);
    if (at <= event.createdAt) return Promise.resolve({ schedule: [] });
    return Promise.resolve({
      schedule: [
        {
          jobId: `${PLANNED_CONTACT_WINDOW_CLOSED}-${id}-${windowEndsOn}`,
          policy: this.name,
          kind: PLANNED_CONTACT_WINDOW_CLOSED,
          subjectType: 'planned_contact',
          subjectId: id,
          fireAt: scaledFireAt(at, event.createdAt, event.createdAt, this.scale),
          params: { windowEndsOn, dueOn },
        },
      ],
    });
  }

  async check(reminder: ScheduledReminder, manager: EntityManager): Promise<NotificationDraft[] | null> {
    const windowEndsOn = String(reminder.params.windowEndsOn);
    if (!(await this.closer.missAfterWindow(reminder.subjectId, windowEndsOn))) return null;
    const contact = await this.contacts.plannedContact(reminder.subjectId, manager);
    if (!contact) return null;
    const owner = contact.ownerPeerWorkerId
      ? await this.people.userOfPeerWorker(contact.ownerPeerWorkerId, manager)
      : null;
    const recipients = [
      ...new Set([...(owner ? [owner] : []), ...(await this.people.coordinatorsOf(contact.siteId, manager))]),
    ];
    const label = contact.phase === 'ending' ? 'The ending session' : `Planned contact ${contact.sequence}`;
    return recipients.map((recipientUserId) => ({
      recipientUserId,
      kind: PLANNED_CONTACT_WINDOW_CLOSED,
      subjectType: 'planned_contact',
      subjectId: contact.id,
      siteId: contact.siteId,
      dueAt: reminder.fireAt,
      summary: `${label} was missed: its window closed on ${windowEndsOn} with no contact recorded`,
      details: {
        episodeId: contact.episodeId,
        sequence: contact.sequence,
        phase: contact.phase,
        windowEndsOn,
        status: contact.status,
      },
      dedupeKey: `${reminder.jobId}:${recipientUserId}`,
    }));
  }
}
