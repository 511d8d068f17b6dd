import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ModuleRef } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { AbsenceAvailability } from '../../absence/absence-availability';
import { SupportRouting } from '../../absence/support-routing.service';
import { systemActor } from '../../common/auth/actor';
import { RecordNotFoundError } from '../../common/errors/domain-errors';
import type { Environment } from '../../config/environment';
import { StepDownPlanService } from '../step-down/step-down-plan.service';
import { FirstCommunityMeetingReminders } from './first-community-meeting.reminders';
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

/**
 * Reads meetings, lone-working visits and planned contacts for the reminder policies. Plain SQL on the
 * worker's manager: a reminder re-reads the current row at fire time, with no caller scope.
 */
@Injectable()
export class DeliveryReminderReaders implements MeetingReader, LoneWorkingVisitReader, PlannedContactReader {
  async meeting(id: string, manager: EntityManager): Promise<MeetingView | null> {
    const [row] = await manager.query<
      Array<
        | {
            id: string;
            site_id: string;
            episode_id: string;
            status: string;
            planned_start_at: Date;
            peer_worker_id: string;
            user_id: string | null;
          }
        | undefined
      >
    >(
      `SELECT m.id, m.site_id, m.episode_id, m.status, m.planned_start_at, m.peer_worker_id, pw.user_id
       FROM meetings m JOIN peer_workers pw ON pw.id = m.peer_worker_id WHERE m.id = $1`,
      [id],
    );
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
    const [row] = await manager.query<Array<{ first: Date | null } | undefined>>(
      `SELECT min(actual_start_at) AS first FROM meetings
       WHERE episode_id = $1 AND status = 'held' AND setting <> 'ward'
         AND actual_start_at >= ($2::date)::timestamp AT TIME ZONE 'Europe/London'`,
      [episodeId, dischargedOn],
    );
    return row?.first ? new Date(row.first) : null;
  }

  async visit(id: string, manager: EntityManager): Promise<LoneWorkingVisitView | null> {
    const [row] = await manager.query<
      Array<
        | {
            id: string;
            site_id: string;
            expected_end_at: Date;
            checked_out_at: Date | null;
            escalation_acknowledged_at: Date | null;
            user_id: string | null;
          }
        | undefined
      >
    >(
      `SELECT v.id, v.site_id, v.expected_end_at, v.checked_out_at, v.escalation_acknowledged_at, pw.user_id
       FROM lone_working_visits v JOIN peer_workers pw ON pw.id = v.peer_worker_id WHERE v.id = $1`,
      [id],
    );
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

  async plannedContact(id: string, manager: EntityManager): Promise<PlannedContactView | null> {
    const [row] = await manager.query<
      Array<
        | {
            id: string;
            episode_id: string;
            site_id: string;
            sequence: number;
            phase: string;
            status: string;
            due_on: string;
            owner_peer_worker_id: string | null;
          }
        | undefined
      >
    >(
      `SELECT c.id, c.episode_id, e.site_id, c.sequence, c.phase, c.status, to_char(c.due_on, 'YYYY-MM-DD') AS due_on, c.owner_peer_worker_id
       FROM planned_contacts c JOIN support_episodes e ON e.id = c.episode_id WHERE c.id = $1`,
      [id],
    );
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
}

/**
 * The delivery area's reminders (found by ReminderRegistry through @ProvidesReminders): meeting reminders, lone-working escalation
 * and step-down contact / ending-preparation reminders; and the meeting reader handed to the
 * first-community-meeting policy (scheduling), so a held community meeting stops its reminder and escalation.
 */
@Injectable()
@ProvidesReminders()
export class DeliveryReminders implements OnModuleInit, ReminderProvider {
  constructor(
    private readonly readers: DeliveryReminderReaders,
    private readonly sites: SitesService,
    private readonly contacts: SiteContactsService,
    private readonly routing: SupportRouting,
    private readonly plans: StepDownPlanService,
    private readonly absences: AbsenceAvailability,
    private readonly moduleRef: ModuleRef,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  onModuleInit(): void {
    // Scheduling owns the first-community-meeting policy; it is not in every test module, so look it up loosely.
    const firstCommunity = this.moduleRef.get(FirstCommunityMeetingReminders, { strict: false, each: false });
    firstCommunity?.policy.useMeetingReader(this.readers);
  }

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
