import type { EntityManager } from 'typeorm';

/** A meeting as the reminder policies need it. Implemented by the delivery area (meetings). */
export interface MeetingView {
  id: string;
  siteId: string;
  episodeId: string;
  /** Only a `planned` meeting is reminded of. */
  status: string;
  startsAt: Date;
  /** The user account of the peer worker running the meeting (the cover worker during an absence). */
  peerWorkerUserId: string | null;
}

export interface MeetingReader {
  meeting(id: string, manager: EntityManager): Promise<MeetingView | null>;
  /** When the first community meeting after `dischargedOn` was held, or null if none yet. */
  firstCommunityMeetingHeldSince(episodeId: string, dischargedOn: string, manager: EntityManager): Promise<Date | null>;
}

/** A lone-working visit (home or community visit). Implemented by the delivery area (lone working). */
export interface LoneWorkingVisitView {
  id: string;
  siteId: string;
  peerWorkerUserId: string | null;
  expectedEndAt: Date;
  checkedOutAt: Date | null;
  /** When the coordinator (or deputy) acknowledged the escalation: it goes no further. */
  escalationAcknowledgedAt: Date | null;
}

/** Who is responsible for a site's escalations at an instant: the coordinator, or the deputy while the coordinator is absent. */
export interface EscalationRouter {
  responsibleFor(
    siteId: string,
    at: Date,
    manager: EntityManager,
  ): Promise<{ responsibleUserId: string; deputyUserId: string | null } | null>;
}

export interface LoneWorkingVisitReader {
  visit(id: string, manager: EntityManager): Promise<LoneWorkingVisitView | null>;
}
