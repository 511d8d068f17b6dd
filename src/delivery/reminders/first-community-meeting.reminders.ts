import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment';
import { SitesService } from '../../sites/sites.service';
import { DeliveryReminderReaders } from './delivery-reminders';
import { FirstCommunityMeetingPolicy } from './policies/first-community-meeting.policy';
import { ProvidesReminders, type ReminderProvider } from '../../scheduling/reminders/provides-reminders';
import { SiteContactsService } from '../../workforce/peer-workers/site-contacts.service';

/**
 * The first community meeting after discharge: a reminder policy and the first source of
 * the daily digest, reading episodes and meetings through delivery's reminder readers.
 */
@Injectable()
@ProvidesReminders()
export class FirstCommunityMeetingReminders implements ReminderProvider {
  readonly policy: FirstCommunityMeetingPolicy;

  constructor(
    sites: SitesService,
    contacts: SiteContactsService,
    readers: DeliveryReminderReaders,
    config: ConfigService<Environment, true>,
  ) {
    this.policy = new FirstCommunityMeetingPolicy(
      sites,
      contacts,
      readers,
      readers,
      config.get('REMINDER_TIME_SCALE', { infer: true }),
    );
  }

  reminderPolicies(): FirstCommunityMeetingPolicy[] {
    return [this.policy];
  }

  overdueItemSources(): FirstCommunityMeetingPolicy[] {
    return [this.policy];
  }
}
