import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull, Not } from 'typeorm';
import type { SiteSettings } from '../../sites/site-settings';
import { SitesService } from '../../sites/sites.service';
import { refusedBy } from '../delivery-rule';
import type { MeetingMode, MeetingSetting } from '../../common/vocabulary/meeting-vocabulary';
import { LoneWorkingVisit } from './entities/lone-working-visit.entity';

/** Modes in which the peer worker is with the service user in person: accompanying to an activity counts. */
export const IN_PERSON_MODES: readonly MeetingMode[] = ['face_to_face', 'accompanying_to_activity_or_appointment'];

/** Whether the site needs a checked-out lone-working visit before a meeting of this mode and setting is held. */
export function loneWorkingRequired(
  settings: Pick<SiteSettings, 'loneWorkingRequiredSettings'>,
  mode: MeetingMode,
  setting: MeetingSetting,
): boolean {
  return IN_PERSON_MODES.includes(mode) && settings.loneWorkingRequiredSettings.includes(setting);
}

/**
 * Lone working where the risk is (handbook 14): a meeting at a home, a community venue or a public place
 * (the site's loneWorkingRequiredSettings) is held only after its visit was checked out, unless the
 * recorder says why not (e.g. a colleague went too). Meetings calls this while it holds the meeting.
 */
@Injectable()
export class LoneWorkingRequirement {
  constructor(private readonly sites: SitesService) {}

  /** Returns the exemption reason to keep on the meeting (null when a checked-out visit covers it, or none is needed). */
  async assertSafelyHeld(
    manager: EntityManager,
    meeting: { id?: string; siteId: string; mode: MeetingMode; setting: MeetingSetting },
    exemptionReason: string | undefined,
  ): Promise<string | null> {
    if (!loneWorkingRequired(await this.sites.settingsOf(meeting.siteId, manager), meeting.mode, meeting.setting))
      return null;
    const checkedOut = meeting.id
      ? await manager.existsBy(LoneWorkingVisit, { meetingId: meeting.id, checkedOutAt: Not(IsNull()) })
      : false;
    if (checkedOut) return null;
    if (exemptionReason && exemptionReason.trim().length > 0) return exemptionReason.trim();
    throw refusedBy(
      'lone_working_visit_checked_out',
      `A ${meeting.setting.replace(/_/g, ' ')} meeting is held after its lone-working visit was checked out; otherwise give held.loneWorkingExemptionReason`,
    );
  }
}
