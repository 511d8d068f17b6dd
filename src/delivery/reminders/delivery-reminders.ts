import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { AbsenceAvailability } from '../../absence/absence-availability';
import { SupportRouting } from '../../absence/support-routing.service';
import { systemActor } from '../../common/auth/actor';
import { RecordNotFoundError } from '../../common/errors/domain-errors';
import type { Environment } from '../../config/environment';
import { ContactOutcomes } from '../step-down/contact-outcomes.service';
import { DeliveryRemindersRepository, type ReminderEpisodeRow } from './delivery-reminders.repository';
import { ContactWindowPolicy } from './policies/contact-window.policy';
import { LoneWorkingEscalationPolicy } from './policies/lone-working-escalation.policy';
import { MeetingReminderPolicy } from './policies/meeting-reminder.policy';
import {
  PlannedContactReader,
  PlannedContactReminderPolicy,
  PlannedContactView,
} from './policies/planned-contact.policy';
import type {
  AbsentOwnerRouting,
  DischargedEpisodeReader,
  DischargedEpisodeView,
  EscalationRouter,
  LoneWorkingVisitReader,
  LoneWorkingVisitView,
  MeetingReader,
  MeetingView,
} from './policies/readers';
import { ProvidesReminders, type ReminderProvider } from '../../scheduling/reminders/provides-reminders';
import type { ReminderPolicy } from '../../scheduling/reminders/reminder-policy';
import { SitesService } from '../../sites/sites.service';
import { SiteContactsService } from '../../workforce/peer-workers/site-contacts.service';

const episodeView = (row: ReminderEpisodeRow): DischargedEpisodeView => ({
  id: row.id,
  siteId: row.site_id,
  state: row.state,
  dischargedOn: row.discharged_on,
  peerWorkerId: row.peer_worker_id,
});

/**
 * Reads meetings, lone-working visits, planned contacts and episodes for the reminder policies
 * (DeliveryRemindersRepository, on the worker's manager): a reminder re-reads the current row at fire time,
 * with no caller scope.
 */
@Injectable()
export class DeliveryReminderReaders
  implements MeetingReader, LoneWorkingVisitReader, PlannedContactReader, DischargedEpisodeReader
{
  constructor(private readonly rows: DeliveryRemindersRepository) {}

  async meeting(id: string, manager: EntityManager): Promise<MeetingView | null> {
    const row = await this.rows.meeting(id, manager);
    if (!row) return null;
    return {
      id: row.id,
      siteId: row.site_id,
      episodeId: row.episode_id,
      status: row.status,
      startsAt: new Date(row.planned_start_at),
      peerWorkerUserId: row.user_id ?? null,
      peerWorkerId: row.peer_worker_id,
    };
  }

  /** A community meeting is any meeting off the ward, held on or after the discharge date (London midnight). */
  async firstCommunityMeetingHeldSince(
    episodeId: string,
    dischargedOn: string,
    manager: EntityManager,
  ): Promise<Date | null> {
    const first = await this.rows.firstCommunityMeetingHeldSince(episodeId, dischargedOn, manager);
    return first ? new Date(first) : null;
  }

  async visit(id: string, manager: EntityManager): Promise<LoneWorkingVisitView | null> {
    const row = await this.rows.visit(id, manager);
    if (!row) return null;
    const at = (value: string | Date | null) => (value ? new Date(value) : null);
    return {
      id: row.id,
      siteId: row.site_id,
      peerWorkerUserId: row.user_id ?? null,
      expectedEndAt: new Date(row.expected_end_at),
      checkedOutAt: at(row.checked_out_at),
      escalationAcknowledgedAt: at(row.escalation_acknowledged_at),
    };
  }

  escalationsNotified(
    visitId: string,
    kinds: readonly string[],
    expectedEnd: Date,
    manager: EntityManager,
  ): Promise<{ recipient: string; acknowledged: boolean }[]> {
    return this.rows.escalationsNotified(visitId, kinds, expectedEnd.getTime(), manager);
  }

  async plannedContact(id: string, manager: EntityManager): Promise<PlannedContactView | null> {
    const row = await this.rows.plannedContact(id, manager);
    if (!row) return null;
    return {
      id: row.id,
      episodeId: row.episode_id,
      siteId: row.site_id,
      sequence: row.sequence,
      phase: row.phase,
      status: row.status,
      dueOn: row.due_on,
      ownerPeerWorkerId: row.owner_peer_worker_id,
    };
  }

  async episode(id: string, manager: EntityManager): Promise<DischargedEpisodeView | null> {
    const row = await this.rows.episode(id, manager);
    return row ? episodeView(row) : null;
  }

  async inCommunitySupportDischargedBy(
    siteId: string,
    dischargedBy: string,
    manager: EntityManager,
  ): Promise<DischargedEpisodeView[]> {
    return (await this.rows.inCommunitySupportDischargedBy(siteId, dischargedBy, manager)).map(episodeView);
  }
}

/**
 * The delivery area's reminders (found by ReminderRegistry through @ProvidesReminders): meeting reminders, lone-working escalation
 * and step-down contact / ending-preparation reminders. (The first community meeting's are FirstCommunityMeetingReminders.)
 */
@Injectable()
@ProvidesReminders()
export class DeliveryReminders implements ReminderProvider {
  constructor(
    private readonly readers: DeliveryReminderReaders,
    private readonly sites: SitesService,
    private readonly contacts: SiteContactsService,
    private readonly routing: SupportRouting,
    private readonly plans: ContactOutcomes,
    private readonly absences: AbsenceAvailability,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  reminderPolicies(): ReminderPolicy[] {
    const scale = this.config.get('REMINDER_TIME_SCALE', { infer: true });
    const router: EscalationRouter = {
      responsibleFor: async (siteId, at) => {
        try {
          return await this.routing.responsibleFor(siteId, at);
        } catch (error) {
          if (error instanceof RecordNotFoundError) return null; // no named coordinator: the policy falls back to the site's coordinators
          throw error;
        }
      },
    };
    // While the peer worker is away and nobody covers (cover would have reassigned the contact or meeting), the
    // person responsible for the site's support takes their reminders: the coordinator, or the deputy.
    const absentOwners: AbsentOwnerRouting = {
      standInFor: async (peerWorkerId, siteId, at, manager) => {
        if (!(await this.absences.isAbsent(peerWorkerId, at))) return null;
        const route = await router.responsibleFor(siteId, at, manager);
        return route?.responsibleUserId ?? (await this.contacts.coordinatorsOf(siteId, manager))[0] ?? null;
      },
    };
    return [
      new MeetingReminderPolicy(this.readers, this.sites, scale, absentOwners),
      new LoneWorkingEscalationPolicy(this.readers, this.sites, this.contacts, router, scale),
      new PlannedContactReminderPolicy(this.readers, this.contacts, scale, absentOwners),
      new ContactWindowPolicy(
        this.readers,
        {
          missAfterWindow: (contactId, windowEndsOn) =>
            this.plans.missAfterWindow(systemActor(`window-closed:${contactId}`), contactId, windowEndsOn),
        },
        this.contacts,
        scale,
      ),
    ];
  }
}
