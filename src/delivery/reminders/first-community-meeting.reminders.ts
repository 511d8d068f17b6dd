import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment';
import { SitesService } from '../../sites/sites.service';
import { FirstCommunityMeetingPolicy } from './policies/first-community-meeting.policy';
import { ProvidesReminders, type ReminderProvider } from '../../scheduling/reminders/provides-reminders';
import { SiteContactsService } from '../../workforce/peer-workers/site-contacts.service';

/**
 * The first community meeting after discharge: a reminder policy and the first source of
 * the daily digest. Exported, so the delivery area can hand it its MeetingReader (`useMeetingReader`).
 */
@Injectable()
@ProvidesReminders()
export class FirstCommunityMeetingReminders implements ReminderProvider {
  readonly policy: FirstCommunityMeetingPolicy;

  constructor(sites: SitesService, contacts: SiteContactsService, config: ConfigService<Environment, true>) {
    this.policy = new FirstCommunityMeetingPolicy(sites, contacts, config.get('REMINDER_TIME_SCALE', { infer: true }));
  }

  reminderPolicies(): FirstCommunityMeetingPolicy[] {
    return [this.policy];
  }

  overdueItemSources(): FirstCommunityMeetingPolicy[] {
    return [this.policy];
  }
}
