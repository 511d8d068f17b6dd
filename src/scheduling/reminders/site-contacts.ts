import type { EntityManager } from 'typeorm';

/**
 * Who to tell, read at fire time (a coordinator or deputy may have changed since the reminder was planned). The
 * workforce area answers it (SiteContactsService, from PeerWorkersModule); the policies take it as this interface.
 */
export interface SiteContacts {
  /** The site's coordinators: the named Peer Worker Coordinator and every user holding the coordinator role on the site. */
  coordinatorsOf(siteId: string, manager: EntityManager): Promise<string[]>;
  /** The named deputy of the site's coordinator, if any. */
  deputyOf(siteId: string, manager: EntityManager): Promise<string | null>;
  /** The user account of a peer worker record, if they have one. */
  userOfPeerWorker(peerWorkerId: string, manager: EntityManager): Promise<string | null>;
}

export interface SettingsReader {
  settingsOf(siteId: string): Promise<{
    firstCommunityMeetingWithinDays: number;
    loneWorkingGraceMinutes: number;
    loneWorkingAcknowledgementMinutes: number;
    loneWorkingEscalationChain: readonly ('coordinator' | 'deputy')[];
    meetingReminderLeadHours: number;
  }>;
}
