import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { systemActor } from '../common/auth/actor';
import type { Environment } from '../config/environment';
import { ProvidesReminders, type ReminderProvider } from '../scheduling/reminders/provides-reminders';
import { londonTimeOn, scaledFireAt } from '../scheduling/reminders/reminder-clock';
import type {
  NotificationDraft,
  OutboxEventView,
  ReminderPlan,
  ReminderPolicy,
  ScheduledReminder,
} from '../scheduling/reminders/reminder-policy';
import { AbsenceService } from './absence.service';

export const ABSENCE_START = 'absence.start';
/** A few minutes into the first day: the day has begun on every clock that judges "the start date has come". */
const START_TIME = '00:05';

/** When a planned absence starts by itself: 00:05 London on its first day. */
export function absenceStartAt(startsOn: string): Date {
  return londonTimeOn(startsOn, START_TIME);
}

/** Starts a planned absence whose first day has come; implemented by AbsenceService.startWhenDue. */
export interface AbsenceStarter {
  /** Re-reads the absence: the started absence, or null when it is cancelled, already started or not yet due. */
  startWhenDue(absenceId: string): Promise<unknown>;
}

/**
 * A planned absence starts on its start date without anyone pressing a button (issue 13, case 5): on
 * `absence.planned` a job is planned for its first morning, its id fixed by the absence and its start date, so
 * planning twice (or the rebuild after Redis lost its data) schedules it once. At fire time the absence is
 * re-read and started through its transition table; cover follows as for any start (episodes without confirmed
 * cover go on the coordinator's attention queue). Nobody is notified here: the queue and the digest do that.
 */
export class AbsenceStartPolicy implements ReminderPolicy {
  readonly name = 'absence-start';
  readonly handles = ['absence.planned'] as const;

  constructor(
    private readonly starter: AbsenceStarter,
    private readonly scale: number,
  ) {}

  plan(event: OutboxEventView): Promise<ReminderPlan> {
    const id = typeof event.payload.absenceId === 'string' ? event.payload.absenceId : event.aggregateId;
    const { startsOn } = event.payload;
    if (typeof startsOn !== 'string') return Promise.resolve({ schedule: [] });
    const startAt = absenceStartAt(startsOn);
    const at = startAt > event.createdAt ? startAt : event.createdAt;
    return Promise.resolve({
      schedule: [
        {
          jobId: absenceStartJobId(id, startsOn),
          policy: this.name,
          kind: ABSENCE_START,
          subjectType: 'absence',
          subjectId: id,
          fireAt: scaledFireAt(at, event.createdAt, event.createdAt, this.scale),
          params: { startsOn },
        },
      ],
    });
  }

  async check(reminder: ScheduledReminder): Promise<NotificationDraft[] | null> {
    await this.starter.startWhenDue(reminder.subjectId);
    return null;
  }
}

/** The absence-start job of an absence: one per absence and start date. */
export function absenceStartJobId(absenceId: string, startsOn: string): string {
  return `${ABSENCE_START}-${absenceId}-${startsOn}`;
}

/** The absence area's scheduled work (found by ReminderRegistry through @ProvidesReminders). */
@Injectable()
@ProvidesReminders()
export class AbsenceReminders implements ReminderProvider {
  constructor(
    private readonly absences: AbsenceService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  reminderPolicies(): ReminderPolicy[] {
    return [
      new AbsenceStartPolicy(
        {
          startWhenDue: (absenceId) => this.absences.startWhenDue(systemActor(`absence-start:${absenceId}`), absenceId),
        },
        this.config.get('REMINDER_TIME_SCALE', { infer: true }),
      ),
    ];
  }
}
