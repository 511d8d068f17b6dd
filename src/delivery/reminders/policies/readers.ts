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
  /** The peer worker running it: while they are absent with no cover confirmed, their reminders go to the coordinator. */
  peerWorkerId?: string;
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
  /** Escalations already notified for the visit and this expected end (any of `kinds`): to whom, and acknowledged or not. */
  escalationsNotified(
    visitId: string,
    kinds: readonly string[],
    expectedEnd: Date,
    manager: EntityManager,
  ): Promise<{ recipient: string; acknowledged: boolean }[]>;
}

/** A support episode as the first-community-meeting reminder needs it. Implemented by the delivery area. */
export interface DischargedEpisodeView {
  id: string;
  siteId: string;
  state: string;
  dischargedOn: string | null;
  peerWorkerId: string | null;
}

export interface DischargedEpisodeReader {
  episode(id: string, manager: EntityManager): Promise<DischargedEpisodeView | null>;
  /** The site's episodes in community support discharged on or before `dischargedBy` (for the daily digest). */
  inCommunitySupportDischargedBy(
    siteId: string,
    dischargedBy: string,
    manager: EntityManager,
  ): Promise<DischargedEpisodeView[]>;
}

/**
 * Contacts due while a peer worker is away with no cover confirmed go to the coordinator, not the absent worker
 * (issue 13: nobody is stranded). Cover reassigns contacts and meetings to the covering peer worker, so a
 * reminder still addressed to the absent worker at fire time means nobody else has it.
 */
export interface AbsentOwnerRouting {
  /** The user who takes the reminder instead, when `peerWorkerId` is absent at `at`; null when they are at work. */
  standInFor(peerWorkerId: string, siteId: string, at: Date, manager: EntityManager): Promise<string | null>;
}

/** Who receives a reminder addressed to a peer worker: them, or the stand-in while they are away. */
export async function reminderRecipient(
  routing: AbsentOwnerRouting | undefined,
  owner: { peerWorkerId: string | null | undefined; userId: string | null },
  siteId: string,
  at: Date,
  manager: EntityManager,
): Promise<{ userId: string | null; standIn: boolean }> {
  const standIn =
    routing && owner.peerWorkerId ? await routing.standInFor(owner.peerWorkerId, siteId, at, manager) : null;
  return standIn ? { userId: standIn, standIn: true } : { userId: owner.userId, standIn: false };
}

export const STAND_IN_NOTE = 'The peer worker is absent with no cover confirmed: ';
