import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment';
import { SitesService } from '../../sites/sites.service';
import { FirstCommunityMeetingPolicy } from './policies/first-community-meeting.policy';
import { ReminderRegistry } from './reminder-registry';
import { databaseSiteContacts } from './site-contacts';

/**
 * The first community meeting after discharge: registered as a reminder policy and as the first source of
 * the daily digest. Exported, so the delivery area can hand it its MeetingReader (`useMeetingReader`).
 */
@Injectable()
export class FirstCommunityMeetingReminders implements OnModuleInit {
  readonly policy: FirstCommunityMeetingPolicy;

  constructor(
    private readonly registry: ReminderRegistry,
    sites: SitesService,
    config: ConfigService<Environment, true>,
  ) {
    this.policy = new FirstCommunityMeetingPolicy(sites, databaseSiteContacts, config.get('REMINDER_TIME_SCALE', { infer: true }));
  }

  onModuleInit(): void {
    this.registry.register(this.policy);
    this.registry.registerOverdueSource(this.policy);
  }
}
