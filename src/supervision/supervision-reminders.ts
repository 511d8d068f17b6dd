import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { SupportRouting } from '../absence/support-routing.service';
import type { Environment } from '../config/environment';
import { addCalendarDays, londonTimeOn, scaledFireAt } from '../scheduling/reminders/reminder-clock';
import type {
  NotificationDraft,
  OutboxEventView,
  OverdueItem,
  OverdueItemSource,
  ReminderPlan,
  ReminderPolicy,
  ScheduledReminder,
} from '../scheduling/reminders/reminder-policy';
import { ProvidesReminders, type ReminderProvider } from '../scheduling/reminders/provides-reminders';
import { SitesService } from '../sites/sites.service';
import { SiteContactsService } from '../workforce/peer-workers/site-contacts.service';
import type { OverdueSupervisionResponse } from './dto/supervision.dto';
import { OverdueSupervisionService } from './overdue-supervision.service';

export const SUPERVISION_OVERDUE = 'supervision.overdue';
const REMINDER_TIME = '09:00';

type Kind = 'group' | 'individual';

export interface SupervisionReminderPorts {
  everyDays(siteId: string, kind: Kind): Promise<number>;
  overdueFor(siteId: string, now: Date): Promise<OverdueSupervisionResponse[]>;
  /** The user responsible for the site's peer workers at `at` (the deputy while the coordinator is absent). */
  responsibleFor(siteId: string, at: Date, manager: EntityManager): Promise<string[]>;
}

/** A supervision due on `dueOn` is overdue from the next day: the reminder goes at 09:00 London time that day. */
export function supervisionOverdueAt(heldOn: string, everyDays: number): { dueOn: string; at: Date } {
  const dueOn = addCalendarDays(heldOn, everyDays);
  return { dueOn, at: londonTimeOn(addCalendarDays(dueOn, 1), REMINDER_TIME) };
}

const itemOf = (row: OverdueSupervisionResponse, now: Date): OverdueItem => ({
  kind: SUPERVISION_OVERDUE,
  subjectType: 'peer_worker',
  subjectId: row.peerWorkerId,
  dueAt: row.dueOn ? londonTimeOn(addCalendarDays(row.dueOn, 1), '00:00') : now,
  summary: row.neverHeld
    ? `${row.displayName} has never had ${row.kind} supervision`
    : `${row.displayName}: ${row.kind} supervision overdue since ${row.dueOn} (${row.daysOverdue} day${row.daysOverdue === 1 ? '' : 's'})`,
});

/**
 * Supervision overdue (handbook 11.1–11.2), to whoever is responsible for the peer worker's site. On
 * `supervision.recorded` each attendee's next session of that kind is due `everyDays` later; if it has not
 * happened by the day after, the responsible coordinator is reminded. The check re-reads
 * OverdueSupervisionService.overdueFor at the instant it became overdue (or now, if later): a later session, or
 * a peer worker absent that day, means no reminder. Also the daily digest's supervision source.
 */
export class SupervisionOverduePolicy implements ReminderPolicy, OverdueItemSource {
  readonly name = 'supervision-overdue';
  readonly handles = ['supervision.recorded'] as const;

  constructor(
    private readonly ports: SupervisionReminderPorts,
    private readonly scale: number,
  ) {}

  async plan(event: OutboxEventView, _manager: EntityManager): Promise<ReminderPlan> {
    const { kind, siteId, heldOn, peerWorkerIds } = event.payload as {
      kind?: Kind;
      siteId?: string;
      heldOn?: string;
      peerWorkerIds?: string[];
    };
    if (!kind || !siteId || !heldOn || !Array.isArray(peerWorkerIds)) return { schedule: [] };
    const { dueOn, at } = supervisionOverdueAt(heldOn, await this.ports.everyDays(siteId, kind));
    return {
      schedule: peerWorkerIds.map((peerWorkerId) => ({
        // The session date is in the id: every later session plans its own, and the check ignores the stale one.
        jobId: `${SUPERVISION_OVERDUE}-${kind}-${peerWorkerId}-${heldOn}`,
        policy: this.name,
        kind: SUPERVISION_OVERDUE,
        subjectType: 'peer_worker',
        subjectId: peerWorkerId,
        fireAt: scaledFireAt(at, event.createdAt, event.createdAt, this.scale),
        params: { siteId, supervisionKind: kind, heldOn, dueOn, overdueFrom: at.toISOString() },
      })),
    };
  }

  async check(reminder: ScheduledReminder, manager: EntityManager): Promise<NotificationDraft[] | null> {
    const siteId = String(reminder.params.siteId);
    const judgedAt = new Date(Math.max(Date.now(), new Date(String(reminder.params.overdueFrom)).getTime()));
    const row = (await this.ports.overdueFor(siteId, judgedAt)).find(
      (r) =>
        r.peerWorkerId === reminder.subjectId &&
        r.kind === reminder.params.supervisionKind &&
        r.lastHeldOn === reminder.params.heldOn,
    );
    // Supervised since (or moved site, left, or absent that day: supervision waits for their return).
    if (!row || row.absentToday) return null;
    const recipients = await this.ports.responsibleFor(siteId, new Date(), manager);
    return recipients.map((recipientUserId) => ({
      recipientUserId,
      kind: SUPERVISION_OVERDUE,
      subjectType: 'peer_worker',
      subjectId: row.peerWorkerId,
      siteId,
      dueAt: reminder.fireAt,
      summary: itemOf(row, judgedAt).summary,
      details: { supervisionKind: row.kind, lastHeldOn: row.lastHeldOn, dueOn: row.dueOn },
      dedupeKey: `${reminder.jobId}:${recipientUserId}`,
    }));
  }

  async overdueAt(siteId: string, now: Date): Promise<OverdueItem[]> {
    return (await this.ports.overdueFor(siteId, now)).filter((r) => !r.absentToday).map((r) => itemOf(r, now));
  }
}

/** The supervision-overdue reminder policy, also a daily-digest source (found by ReminderRegistry). */
@Injectable()
@ProvidesReminders()
export class SupervisionReminders implements ReminderProvider {
  private readonly policy: SupervisionOverduePolicy;

  constructor(
    private readonly supervision: OverdueSupervisionService,
    private readonly routing: SupportRouting,
    private readonly sites: SitesService,
    private readonly contacts: SiteContactsService,
    private readonly config: ConfigService<Environment, true>,
  ) {
    this.policy = new SupervisionOverduePolicy(
      {
        everyDays: async (siteId, kind) => {
          const settings = await this.sites.settingsOf(siteId);
          return kind === 'group' ? settings.groupSupervisionEveryDays : settings.individualSupervisionEveryDays;
        },
        overdueFor: (siteId, now) => this.supervision.overdueFor(siteId, now),
        responsibleFor: async (siteId, at, manager) => {
          const named = await this.routing.responsibleFor(siteId, at).catch(() => null);
          return named ? [named.responsibleUserId] : this.contacts.coordinatorsOf(siteId, manager);
        },
      },
      this.config.get('REMINDER_TIME_SCALE', { infer: true }),
    );
  }

  reminderPolicies(): SupervisionOverduePolicy[] {
    return [this.policy];
  }

  overdueItemSources(): SupervisionOverduePolicy[] {
    return [this.policy];
  }
}
