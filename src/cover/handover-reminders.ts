import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import type { Environment } from '../config/environment';
import { scaledFireAt } from '../scheduling/reminders/reminder-clock';
import type {
  NotificationDraft,
  OutboxEventView,
  ReminderPlan,
  ReminderPolicy,
  ScheduledReminder,
} from '../scheduling/reminders/reminder-policy';
import { ProvidesReminders, type ReminderProvider } from '../scheduling/reminders/provides-reminders';
import type { SiteContacts } from '../scheduling/reminders/site-contacts';
import { SiteContactsService } from '../workforce/peer-workers/site-contacts.service';
import { CoverRepository } from './cover.repository';

export const HANDOVER_TO_READ = 'handover_to_read';
export const HANDOVER_MISSING = 'handover_missing';
export const HAND_BACK_TO_READ = 'hand_back_to_read';
export const HAND_BACK_DUE = 'hand_back_due';

interface ArrangementView {
  id: string;
  siteId: string;
  episodeId: string;
  arrangement: string;
  state: string;
  absentPeerWorkerId: string;
  coveringPeerWorkerId: string | null;
}

interface NoteView {
  id: string;
  acknowledged: boolean;
}

/** Reads arrangements and notes at fire time (on the worker's manager). */
export interface CoverReader {
  arrangement(id: string, manager: EntityManager): Promise<ArrangementView | null>;
  note(arrangementId: string, direction: 'handover' | 'hand_back', manager: EntityManager): Promise<NoteView | null>;
}

/** The reader on cover's own repository. */
export function coverReaderOf(cover: CoverRepository): CoverReader {
  return {
    async arrangement(id, manager) {
      const found = await cover.findArrangement(id, manager);
      return found
        ? {
            id: found.id,
            siteId: found.siteId,
            episodeId: found.episodeId,
            arrangement: found.arrangement,
            state: found.state,
            absentPeerWorkerId: found.absentPeerWorkerId,
            coveringPeerWorkerId: found.coveringPeerWorkerId,
          }
        : null;
    },
    async note(arrangementId, direction, manager) {
      const found = await cover.noteOf(arrangementId, direction, manager);
      return found ? { id: found.id, acknowledged: found.acknowledgedAt !== null } : null;
    },
  };
}

const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
const instant = (value: unknown, fallback: Date) =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : fallback;

/**
 * Handover reminders (handbook 11.4, 15): when cover begins the covering peer worker is reminded to read
 * the handover before their first covered meeting (the coordinator, if nobody has written it); when cover
 * ends the regular peer worker is reminded to read the hand-back (the covering one, if it is not written).
 * The check re-reads the arrangement and the note: an acknowledged note, or ended cover, notifies nobody.
 */
export class HandoverReminderPolicy implements ReminderPolicy {
  readonly name = 'handover';
  readonly handles = ['cover.confirmed', 'handover.written', 'cover.ended'] as const;

  constructor(
    private readonly cover: CoverReader,
    private readonly people: SiteContacts,
    private readonly scale: number,
  ) {}

  plan(event: OutboxEventView, _manager: EntityManager): Promise<ReminderPlan> {
    return Promise.resolve(this.schedule(event));
  }

  private schedule(event: OutboxEventView): ReminderPlan {
    const arrangementId = text(event.payload.arrangementId, '');
    if (!arrangementId) return { schedule: [] };
    const reminder = (kind: 'handover' | 'hand_back', suffix: string, at: Date): ScheduledReminder => ({
      jobId: `${kind}-read-${arrangementId}${suffix}`,
      policy: this.name,
      kind,
      subjectType: 'cover_arrangement',
      subjectId: arrangementId,
      fireAt: scaledFireAt(at, event.createdAt, event.createdAt, this.scale),
      params: { arrangementId },
    });
    const startsAt = instant(event.payload.coverStartsAt, event.createdAt);
    const at = (when: Date) => (when > event.createdAt ? when : event.createdAt);
    switch (event.type) {
      case 'cover.confirmed':
        return { schedule: event.payload.arrangement === 'pause' ? [] : [reminder('handover', '', at(startsAt))] };
      case 'cover.ended':
        return { schedule: event.payload.arrangement === 'cover' ? [reminder('hand_back', '', event.createdAt)] : [] };
      case 'handover.written': {
        const noteId = text(event.payload.noteId, event.aggregateId);
        if (event.payload.direction === 'handover')
          return { schedule: [reminder('handover', `-${noteId}`, at(startsAt))] };
        // A hand-back written before the return waits for cover.ended; written after it, remind now.
        return {
          schedule:
            event.payload.arrangementState === 'ended' ? [reminder('hand_back', `-${noteId}`, event.createdAt)] : [],
        };
      }
      default:
        return { schedule: [] };
    }
  }

  async check(reminder: ScheduledReminder, manager: EntityManager): Promise<NotificationDraft[] | null> {
    const arrangement = await this.cover.arrangement(
      String(reminder.params.arrangementId ?? reminder.subjectId),
      manager,
    );
    if (!arrangement) return null;
    const draft = (recipientUserId: string, kind: string, summary: string, dedupe: string): NotificationDraft => ({
      recipientUserId,
      kind,
      subjectType: 'cover_arrangement',
      subjectId: arrangement.id,
      siteId: arrangement.siteId,
      dueAt: reminder.fireAt,
      summary,
      details: { episodeId: arrangement.episodeId, arrangement: arrangement.arrangement },
      dedupeKey: `${dedupe}:${recipientUserId}`,
    });
    if (reminder.kind === 'handover') {
      // Cover that has ended needs no handover any more (a re-pairing keeps needing it).
      if (arrangement.state !== 'active' && arrangement.arrangement !== 'repair') return null;
      const note = await this.cover.note(arrangement.id, 'handover', manager);
      if (note?.acknowledged) return null;
      if (note) {
        const user = arrangement.coveringPeerWorkerId
          ? await this.people.userOfPeerWorker(arrangement.coveringPeerWorkerId, manager)
          : null;
        return user
          ? [
              draft(
                user,
                HANDOVER_TO_READ,
                'Read and acknowledge the handover before your first covered meeting',
                `${HANDOVER_TO_READ}:${note.id}`,
              ),
            ]
          : [];
      }
      const coordinators = await this.people.coordinatorsOf(arrangement.siteId, manager);
      return coordinators.map((c) =>
        draft(
          c,
          HANDOVER_MISSING,
          'Cover has begun with no handover written: write it so the covering peer worker can meet the service user',
          `${HANDOVER_MISSING}:${arrangement.id}`,
        ),
      );
    }
    if (arrangement.state !== 'ended') return null;
    const note = await this.cover.note(arrangement.id, 'hand_back', manager);
    if (note?.acknowledged) return null;
    if (note) {
      const user = await this.people.userOfPeerWorker(arrangement.absentPeerWorkerId, manager);
      return user
        ? [
            draft(
              user,
              HAND_BACK_TO_READ,
              'Welcome back: read the hand-back from the peer worker who covered',
              `${HAND_BACK_TO_READ}:${note.id}`,
            ),
          ]
        : [];
    }
    const user = arrangement.coveringPeerWorkerId
      ? await this.people.userOfPeerWorker(arrangement.coveringPeerWorkerId, manager)
      : null;
    return user
      ? [
          draft(
            user,
            HAND_BACK_DUE,
            'Cover has ended: write the hand-back for the returning peer worker',
            `${HAND_BACK_DUE}:${arrangement.id}`,
          ),
        ]
      : [];
  }
}

/** Cover's handover reminders (found by ReminderRegistry). */
@Injectable()
@ProvidesReminders()
export class HandoverReminders implements ReminderProvider {
  constructor(
    private readonly cover: CoverRepository,
    private readonly contacts: SiteContactsService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  reminderPolicies(): HandoverReminderPolicy[] {
    return [
      new HandoverReminderPolicy(
        coverReaderOf(this.cover),
        this.contacts,
        this.config.get('REMINDER_TIME_SCALE', { infer: true }),
      ),
    ];
  }
}
