import { DateTime } from 'luxon';
import type { SupportEpisodeState } from '../../episodes/support-episode.state-machine';
import { AccessDeniedError } from '../../common/errors/domain-errors';
import type { MeetingRecord, MeetingSetting } from '../../common/vocabulary/meeting-vocabulary';
import { refusedBy, unprocessable } from '../delivery-rule';
import type { MeetingRecordDto } from './dto/meeting.dto';

export const LONDON = 'Europe/London';

/** The calendar date (Europe/London) of an instant: discharge dates are calendar dates on the ward's clock. */
export const londonDateOf = (at: Date): string => DateTime.fromJSDate(at).setZone(LONDON).toISODate()!;

/** Everything the episode-level rules read about one meeting being recorded, planned, moved or held. */
export interface MeetingRuleFacts {
  episodeState: SupportEpisodeState;
  dischargedOn: string | null;
  readmittedOn: string | null;
  setting: MeetingSetting;
  /** When the meeting happens: its actual start when held, its planned start otherwise. */
  at: Date;
  /** DeliveryAccess.isSupportingPeerWorker for the meeting's peer worker at `at`. */
  peerWorkerPairedAtTime: boolean;
  /** False while the peer worker covers the episode without having acknowledged its handover (absence cover). */
  handoverAcknowledged: boolean;
  codeOfEthicsAcknowledgedOn: string | null;
}

export interface MeetingRuleBroken {
  rule: string;
  explain: string;
}

type WardStay = Pick<MeetingRuleFacts, 'dischargedOn' | 'readmittedOn'> &
  Partial<Pick<MeetingRuleFacts, 'episodeState'>>;

/**
 * Readmitted since the latest discharge, on or before `date`: back on the ward. A readmission dated the
 * discharge day counts (the trial counts it as readmitted); the dates alone cannot tell it from a
 * readmission ended by a discharge the same day, so the episode's state decides when they are equal.
 */
function readmittedBy(date: string, f: WardStay): boolean {
  if (f.readmittedOn === null || date < f.readmittedOn) return false;
  if (f.dischargedOn === null || f.readmittedOn > f.dischargedOn) return true;
  return f.readmittedOn === f.dischargedOn && f.episodeState === 'readmitted';
}

/** A meeting outside the ward may happen from the discharge day on, and not during a later readmission. */
export function inCommunityOn(date: string, f: WardStay): boolean {
  return f.dischargedOn !== null && date >= f.dischargedOn && !readmittedBy(date, f);
}

/** A ward meeting may happen up to and including the discharge day, and again after a readmission. */
export function onWardOn(date: string, f: WardStay): boolean {
  return f.dischargedOn === null || date <= f.dischargedOn || readmittedBy(date, f);
}

/**
 * The rules every meeting must keep (handbook 13–14), in the order they are explained. Returns the
 * first rule broken, or null. Pure: the service gathers the facts, tests walk every rule.
 */
export function brokenMeetingRule(f: MeetingRuleFacts): MeetingRuleBroken | null {
  if (f.codeOfEthicsAcknowledgedOn === null) {
    return {
      rule: 'code_of_ethics_acknowledged',
      explain: 'The peer worker has not acknowledged the code of ethics, so no meeting can be recorded for them',
    };
  }
  if (f.episodeState === 'ended') {
    return { rule: 'no_meeting_after_episode_ended', explain: 'The support episode has ended: no further meetings' };
  }
  if (!f.peerWorkerPairedAtTime) {
    return {
      rule: 'peer_worker_paired_at_time',
      explain: 'The peer worker was not the one paired with the service user at that time',
    };
  }
  if (!f.handoverAcknowledged) {
    return {
      rule: 'handover_acknowledged',
      explain: 'The covering peer worker reads and acknowledges the handover before their first covered meeting',
    };
  }
  const date = londonDateOf(f.at);
  const communitySetting = f.setting !== 'ward';
  if (communitySetting && !inCommunityOn(date, f)) {
    return {
      rule: 'no_community_meeting_before_discharge',
      explain: 'Meetings outside the ward start on the discharge date, and pause while the service user is readmitted',
    };
  }
  if (!communitySetting && !onWardOn(date, f)) {
    return {
      rule: 'ward_meeting_during_inpatient_stay',
      explain: 'A ward meeting happens while the service user is on the ward, and they had been discharged by then',
    };
  }
  return null;
}

/**
 * "Preparation for ending is on the agenda from the first meeting": the first `earlyMeetings` held
 * meetings of an episode default the flag on; later ones default it off. An explicit value always wins.
 */
export function defaultEndingPreparation(heldBefore: number, earlyMeetings: number): boolean {
  return heldBefore < earlyMeetings;
}

/**
 * The peer worker a new meeting is recorded for: a coordinator (or admin) records for the one requested or the
 * episode's paired peer worker; a peer worker records only their own.
 */
export function recorderPeerWorkerOf(
  coordinates: boolean,
  own: { id: string } | null,
  requested: string | null,
  pairedPeerWorkerId: string | null,
): string {
  if (coordinates) {
    const chosen = requested ?? pairedPeerWorkerId;
    if (!chosen) throw refusedBy('peer_worker_paired_at_time', 'No peer worker is paired with the service user');
    return chosen;
  }
  if (!own) throw new AccessDeniedError('Only peer workers, coordinators and admins record meetings');
  if (requested && requested !== own.id) throw new AccessDeniedError('A peer worker records their own meetings only');
  return own.id;
}

/** The structured record, with the ending-preparation default, refusing a community connection without its kind. */
export function recordOf(input: MeetingRecordDto | undefined, endingPreparationDefault: boolean): MeetingRecord {
  const topics = input?.topics ?? [];
  const connections = input?.communityConnections ?? null;
  if (topics.includes('community_connections') && connections === null) {
    throw unprocessable(
      'community_connection_kind_given',
      'record.communityConnections',
      'Say whether the peer worker signposted or accompanied',
    );
  }
  if (!topics.includes('community_connections') && connections !== null) {
    throw unprocessable(
      'community_connection_kind_given',
      'record.communityConnections',
      'communityConnections goes with the community_connections topic',
    );
  }
  return {
    topics,
    communityConnections: connections,
    otherTopic: topics.includes('other') ? (input?.otherTopic ?? null) : null,
    endingPreparationDiscussed: input?.endingPreparationDiscussed ?? endingPreparationDefault,
  };
}
