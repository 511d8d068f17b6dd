import type {
  CoverChanged,
  EpisodeMoved,
  EpisodeReferred,
  MeetingMoved,
  PairingChanged,
  PlanVersioned,
} from '../../common/events/domain-event-map';
import type { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import type { PublishedEventType } from '../../common/events/published-event-types';

/** What one published event says, before it gets its id, source and time. */
export interface PublishedEvent {
  type: PublishedEventType;
  /** The resource the event is about, as an API path under /api/v1 (CloudEvents `subject`). */
  subject: string;
  siteId: string;
  /** Ids, states, dates and codes only: no names, NHS numbers, notes or plan text (docs/reference/events-out.md). */
  data: Record<string, unknown>;
}

const episodeIds = (e: SupportEpisode) => ({
  episodeId: e.id,
  serviceUserId: e.serviceUserId,
  siteId: e.siteId,
});

const episodeSubject = (e: SupportEpisode) => `support-episodes/${e.id}`;

export function referredEvent({ episode }: EpisodeReferred): PublishedEvent {
  return {
    type: 'episode.referred',
    subject: episodeSubject(episode),
    siteId: episode.siteId,
    data: { ...episodeIds(episode), state: episode.state, referredOn: episode.referredOn },
  };
}

/** Which published type an episode move is; every row of the episode's transition table has one. */
export function episodeMoveType(from: EpisodeMoved['from'], to: EpisodeMoved['to']): PublishedEventType | null {
  if (to === 'ended') return 'episode.ended';
  if (to === 'readmitted') return 'episode.readmitted';
  if (from === 'referred' && (to === 'awaiting_pairing' || to === 'allocated_usual_care')) return 'episode.allocated';
  if (to === 'paired') return 'episode.paired';
  // Pairing someone already discharged: the pairing and the start of community support are one move.
  if (from === 'awaiting_pairing' && to === 'community_support') return 'episode.paired';
  if (to === 'ward_support') return 'episode.ward_support_started';
  // A discharge before allocation, for usual care or before pairing is recorded where the episode is.
  if (from === to && (to === 'referred' || to === 'allocated_usual_care' || to === 'awaiting_pairing'))
    return 'episode.discharged';
  if (
    (from === 'ward_support' || from === 'readmitted' || from === 'paired') &&
    (to === 'community_support' || to === 'step_down')
  )
    return 'episode.discharged';
  if (from === 'community_support' && to === 'step_down') return 'episode.stepped_down';
  if (from === 'step_down' && to === 'community_support') return 'episode.community_support_restarted';
  return null;
}

export function episodeMovedEvent({ episode, from, to }: EpisodeMoved): PublishedEvent | null {
  const type = episodeMoveType(from, to);
  if (!type) return null;
  const facts: Record<string, unknown> = { ...episodeIds(episode), from, to };
  if (type === 'episode.allocated')
    Object.assign(facts, { allocationMethod: episode.allocationMethod, allocatedArm: episode.allocatedArm });
  if (type === 'episode.paired') Object.assign(facts, { peerWorkerId: episode.peerWorkerId, repairing: false });
  if (type === 'episode.ward_support_started') Object.assign(facts, { peerWorkerId: episode.peerWorkerId });
  if (type === 'episode.discharged')
    Object.assign(facts, {
      dischargedOn: episode.dischargedOn,
      resumed: from === 'readmitted',
      peerWorkerId: episode.peerWorkerId,
    });
  if (type === 'episode.readmitted')
    Object.assign(facts, { readmittedOn: episode.readmittedOn, pausedFrom: episode.pausedFrom });
  if (type === 'episode.ended') Object.assign(facts, { endingReason: episode.endingReason });
  return { type, subject: episodeSubject(episode), siteId: episode.siteId, data: facts };
}

/** A re-pairing (no change of state) is `episode.paired` too; a first pairing is published with its move. */
export function repairedEvent({
  episode,
  peerWorkerId,
  previousPeerWorkerId,
  repairing,
}: PairingChanged): PublishedEvent | null {
  if (!repairing) return null;
  return {
    type: 'episode.paired',
    subject: episodeSubject(episode),
    siteId: episode.siteId,
    data: {
      ...episodeIds(episode),
      from: episode.state,
      to: episode.state,
      peerWorkerId,
      previousPeerWorkerId,
      repairing: true,
    },
  };
}

export function meetingMovedEvent({ meeting, from, to }: MeetingMoved): PublishedEvent {
  const type: PublishedEventType =
    from === null && meeting.rescheduledFromId ? 'meeting.rescheduled' : (`meeting.${to}` as PublishedEventType);
  return {
    type,
    subject: `meetings/${meeting.id}`,
    siteId: meeting.siteId,
    data: {
      meetingId: meeting.id,
      episodeId: meeting.episodeId,
      serviceUserId: meeting.serviceUserId,
      siteId: meeting.siteId,
      peerWorkerId: meeting.peerWorkerId,
      status: meeting.status,
      from,
      mode: meeting.mode,
      setting: meeting.setting,
      plannedStartAt: meeting.plannedStartAt.toISOString(),
      plannedDurationMinutes: meeting.plannedDurationMinutes,
      actualStartAt: meeting.actualStartAt?.toISOString() ?? null,
      actualEndAt: meeting.actualEndAt?.toISOString() ?? null,
      missedBy: meeting.missedBy,
      cancelledBy: meeting.cancelledBy,
      rescheduledFromId: meeting.rescheduledFromId,
      plannedContactId: meeting.plannedContactId ?? null,
    },
  };
}

/**
 * Only versions the care team may read leave ENRICH, and the one that withdraws sharing (so the receiver can
 * drop its copy): a plan the service user has not shared does not exist for the care team (handbook 13).
 */
export function planVersionedEvent({ plan, changedFields, wasShared }: PlanVersioned): PublishedEvent | null {
  if (!plan.sharedWithCareTeam && !wasShared) return null;
  return {
    type: 'plan.versioned',
    subject: `support-episodes/${plan.episodeId}/plans/${plan.kind}`,
    siteId: plan.siteId,
    data: {
      planId: plan.id,
      episodeId: plan.episodeId,
      serviceUserId: plan.ownerServiceUserId,
      siteId: plan.siteId,
      kind: plan.kind,
      version: plan.version,
      sharedWithCareTeam: plan.sharedWithCareTeam,
      changedFields,
    },
  };
}

export function coverChangedEvent({ arrangement, change }: CoverChanged): PublishedEvent {
  return {
    type: change === 'started' ? 'cover.started' : 'cover.ended',
    subject: `support-episodes/${arrangement.episodeId}`,
    siteId: arrangement.siteId,
    data: {
      arrangementId: arrangement.id,
      absenceId: arrangement.absenceId,
      episodeId: arrangement.episodeId,
      siteId: arrangement.siteId,
      arrangement: arrangement.arrangement,
      absentPeerWorkerId: arrangement.absentPeerWorkerId,
      coveringPeerWorkerId: arrangement.coveringPeerWorkerId,
      startsOn: arrangement.startsOn,
      ...(change === 'ended' ? { endedAt: arrangement.endedAt?.toISOString() ?? null } : {}),
    },
  };
}
