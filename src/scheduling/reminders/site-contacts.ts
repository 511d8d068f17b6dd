import type { EntityManager } from 'typeorm';

/** Who to tell, read at fire time (a coordinator or deputy may have changed since the reminder was planned). */
export interface SiteContacts {
  /** The site's coordinators: the named Peer Worker Coordinator and every user holding the coordinator role on the site. */
  coordinatorsOf(siteId: string, manager: EntityManager): Promise<string[]>;
  /** The named deputy of the site's coordinator, if any. */
  deputyOf(siteId: string, manager: EntityManager): Promise<string | null>;
  /** The user account of a peer worker record, if they have one. */
  userOfPeerWorker(peerWorkerId: string, manager: EntityManager): Promise<string | null>;
}

/** Reads site_coordinators, users and peer_workers directly: this runs in the worker, per reminder. */
export const databaseSiteContacts: SiteContacts = {
  async coordinatorsOf(siteId, manager) {
    const rows: { id: string }[] = await manager.query(
      `SELECT coordinator_user_id AS id FROM site_coordinators WHERE site_id = $1
       UNION
       SELECT id FROM users WHERE active AND 'coordinator' = ANY(roles) AND $1 = ANY(site_ids)
       ORDER BY id`,
      [siteId],
    );
    return rows.map((r) => r.id);
  },
  async deputyOf(siteId, manager) {
    const [row] = await manager.query<Array<{ id: string | null } | undefined>>(
      `SELECT deputy_user_id AS id FROM site_coordinators WHERE site_id = $1`,
      [siteId],
    );
    return row?.id ?? null;
  },
  async userOfPeerWorker(peerWorkerId, manager) {
    const [row] = await manager.query<Array<{ id: string | null } | undefined>>(
      `SELECT user_id AS id FROM peer_workers WHERE id = $1`,
      [peerWorkerId],
    );
    return row?.id ?? null;
  },
};

export interface SettingsReader {
  settingsOf(siteId: string): Promise<{
    firstCommunityMeetingWithinDays: number;
    loneWorkingGraceMinutes: number;
    loneWorkingAcknowledgementMinutes: number;
    loneWorkingEscalationChain: readonly ('coordinator' | 'deputy')[];
    meetingReminderLeadHours: number;
  }>;
}
