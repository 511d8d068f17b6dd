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
import { type AbsentOwnerRouting, reminderRecipient, STAND_IN_NOTE } from './readers';

export const PLANNED_CONTACT_DUE = 'planned_contact.due';
export const ENDING_PREPARATION_DUE = 'planned_contact.ending_preparation';
/** The contact's owner is reminded at 09:00 London time on the calendar day before it is due. */
export const CONTACT_REMINDER_DAYS_BEFORE = 1;
/** Preparation for the ending session (handbook: ending is planned with the service user) starts a week before it. */
export const ENDING_PREPARATION_DAYS_BEFORE = 7;
const REMINDER_TIME = '09:00';

/** A planned contact of the community plan as its reminders need it. Implemented by the delivery area (step-down). */
export interface PlannedContactView {
  id: string;
  episodeId: string;
  siteId: string;
  sequence: number;
  phase: string;
  /** Only a `planned` contact is reminded of (not held, missed, suspended or cancelled). */
  status: string;
  dueOn: string;
  ownerPeerWorkerId: string | null;
}

export interface PlannedContactReader {
  plannedContact(id: string, manager: EntityManager): Promise<PlannedContactView | null>;
}

/** The fire times for a contact due on `dueOn`: the owner's reminder, and for the ending session its preparation reminder. */
export function plannedContactTimes(dueOn: string, phase: string): { kind: string; at: Date }[] {
  const times = [
    {
      kind: PLANNED_CONTACT_DUE,
      at: londonTimeOn(addCalendarDays(dueOn, -CONTACT_REMINDER_DAYS_BEFORE), REMINDER_TIME),
    },
  ];
  if (phase === 'ending')
    times.push({
      kind: ENDING_PREPARATION_DUE,
      at: londonTimeOn(addCalendarDays(dueOn, -ENDING_PREPARATION_DAYS_BEFORE), REMINDER_TIME),
    });
  return times;
}

/**
 * Step-down contacts (handbook: the ten-week community plan): on `planned_contact.scheduled` (a contact
 * given a new due date — generated at discharge, re-dated on resumption after a readmission) its owner is
 * reminded the day before it is due; the ending session also gets an ending-preparation reminder a week
 * before. The due date is in the job id, so a re-dated contact gets new jobs; the check re-reads the contact,
 * so a suspended, cancelled, held or re-dated contact never fires its stale reminder.
 */
export class PlannedContactReminderPolicy implements ReminderPolicy {
  readonly name = 'planned-contact';
  readonly handles = ['planned_contact.scheduled'] as const;

  constructor(
    private readonly contacts: PlannedContactReader,
    private readonly people: Pick<SiteContacts, 'userOfPeerWorker'>,
    private readonly scale: number,
    private readonly absentOwners?: AbsentOwnerRouting,
  ) {}

  async plan(event: OutboxEventView, manager: EntityManager): Promise<ReminderPlan> {
    const id = typeof event.payload.plannedContactId === 'string' ? event.payload.plannedContactId : event.aggregateId;
    const dueOn = typeof event.payload.dueOn === 'string' ? event.payload.dueOn : null;
    const contact = await this.contacts.plannedContact(id, manager);
    if (!contact || !dueOn) return { schedule: [] };
    const phase = typeof event.payload.phase === 'string' ? event.payload.phase : contact.phase;
    return {
      schedule: plannedContactTimes(dueOn, phase).map(({ kind, at }): ScheduledReminder => ({
        jobId: `${kind}-${id}-${dueOn}`,
        policy: this.name,
        kind,
        subjectType: 'planned_contact',
        subjectId: id,
        fireAt: scaledFireAt(at, event.createdAt, event.createdAt, this.scale),
        params: { dueOn, episodeId: contact.episodeId },
      })),
    };
  }

  async check(reminder: ScheduledReminder, manager: EntityManager): Promise<NotificationDraft[] | null> {
    const contact = await this.contacts.plannedContact(reminder.subjectId, manager);
    if (!contact || contact.status !== 'planned' || contact.dueOn !== reminder.params.dueOn) return null;
    // The owner now (absence cover may have handed the contact to someone else since it was planned); while the
    // owner is away with no cover confirmed, the coordinator takes it.
    const ownerUser = contact.ownerPeerWorkerId
      ? await this.people.userOfPeerWorker(contact.ownerPeerWorkerId, manager)
      : null;
    const to = await reminderRecipient(
      this.absentOwners,
      { peerWorkerId: contact.ownerPeerWorkerId, userId: ownerUser },
      contact.siteId,
      new Date(),
      manager,
    );
    const owner = to.userId;
    if (!owner) return [];
    const ending = reminder.kind === ENDING_PREPARATION_DUE;
    const note = to.standIn ? STAND_IN_NOTE : '';
    return [
      {
        recipientUserId: owner,
        kind: reminder.kind,
        subjectType: 'planned_contact',
        subjectId: contact.id,
        siteId: contact.siteId,
        dueAt: reminder.fireAt,
        summary: ending
          ? `${note}Prepare for the ending session due on ${contact.dueOn}`
          : `${note}Planned ${contact.phase.replace('_', '-')} contact ${contact.sequence} due on ${contact.dueOn}`,
        details: {
          episodeId: contact.episodeId,
          dueOn: contact.dueOn,
          sequence: contact.sequence,
          phase: contact.phase,
          ...(to.standIn ? { absentPeerWorkerId: contact.ownerPeerWorkerId } : {}),
        },
        dedupeKey: `${reminder.jobId}:${owner}`,
      },
    ];
  }
}
