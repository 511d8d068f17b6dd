import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { Environment } from '../../config/environment';
import { NewNotification, NotificationsService } from '../../notifications/notifications.service';
import { LONDON, nextLocalTime } from './reminder-clock';
import { ReminderJobs } from './reminder-jobs';
import type { OverdueItem } from './reminder-policy';
import { ReminderRegistry } from './reminder-registry';
import { SitesService } from '../../sites/sites.service';
import { SiteContactsService } from '../../workforce/peer-workers/site-contacts.service';

export const DAILY_DIGEST = 'daily_digest';

/** Each coordinator's morning list of their site's overdue items, at DAILY_DIGEST_LOCAL_TIME in London. */
@Injectable()
export class DailyDigest {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ReminderRegistry,
    private readonly notifications: NotificationsService,
    private readonly jobs: ReminderJobs,
    private readonly sites: SitesService,
    private readonly contacts: SiteContactsService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** Queue the next digest (one job id per London date, so every worker may call this). */
  async scheduleNext(now = new Date()): Promise<{ date: string; fireAt: Date }> {
    const fireAt = nextLocalTime(now, this.config.get('DAILY_DIGEST_LOCAL_TIME', { infer: true }), LONDON);
    const date = DateTime.fromJSDate(fireAt, { zone: LONDON }).toISODate()!;
    await this.jobs.scheduleDigest(date, fireAt, now.getTime());
    return { date, fireAt };
  }

  /** Send the digest for `date` to every coordinator of every site that has overdue items. */
  async send(date: string, now = new Date()): Promise<{ sites: number; notified: number }> {
    const siteIds = await this.sites.allSiteIds();
    let notified = 0;
    let withItems = 0;
    for (const siteId of siteIds) {
      const items: OverdueItem[] = [];
      for (const source of this.registry.overdueSources())
        items.push(...(await source.overdueAt(siteId, now, this.dataSource.manager)));
      if (items.length === 0) continue;
      withItems++;
      const coordinators = await this.contacts.coordinatorsOf(siteId, this.dataSource.manager);
      const drafts: NewNotification[] = coordinators.map((recipientUserId) => ({
        recipientUserId,
        kind: DAILY_DIGEST,
        subjectType: 'site',
        subjectId: siteId,
        siteId,
        dueAt: now,
        summary: `${items.length} overdue item${items.length === 1 ? '' : 's'} on ${date}`,
        details: { date, items: items.map((i) => ({ ...i, dueAt: i.dueAt.toISOString() })) },
        dedupeKey: `${DAILY_DIGEST}:${siteId}:${date}:${recipientUserId}`,
      }));
      notified += (await this.notifications.dispatch(drafts)).created;
    }
    return { sites: withItems, notified };
  }
}
