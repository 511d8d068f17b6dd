import { inCommunity, type SupportEpisodeState } from './support-episode.state-machine';

/**
 * Discharges and readmissions against a support episode (pure: the service gathers the facts, the ward-event
 * feed and the API share them). Wards discharge at short notice, so a discharge is accepted from any open
 * state before the community; a readmission is an outcome in both arms, kept whenever it follows a discharge.
 */
export interface WardStayFacts {
  state: SupportEpisodeState;
  dischargedOn: string | null;
  readmittedOn: string | null;
}

export interface WardStayRefusal {
  rule: string;
  explain: string;
}

/**
 * Why a discharge cannot be recorded (null: it can). It needs an open episode whose service user is on the
 * ward: not yet discharged, or readmitted since (and the discharge is not dated before that readmission).
 */
export function dischargeRefusal(episode: WardStayFacts | null, dischargedOn: string): WardStayRefusal | null {
  if (!episode || episode.state === 'ended') {
    return {
      rule: 'discharge_needs_open_episode',
      explain: `A discharge is recorded against an open support episode; this service user's is ${episode ? 'ended' : 'not open'}`,
    };
  }
  const inTheCommunity = episode.state === 'community_support' || episode.state === 'step_down';
  if (inTheCommunity || (episode.state !== 'readmitted' && inCommunity(episode))) {
    return {
      rule: 'already_discharged',
      explain: `The service user was already discharged on ${episode.dischargedOn} (${episode.state}) and not readmitted since`,
    };
  }
  if (episode.readmittedOn !== null && dischargedOn < episode.readmittedOn) {
    return {
      rule: 'discharged_after_readmission',
      explain: `The discharge (${dischargedOn}) is before the readmission it would end (${episode.readmittedOn})`,
    };
  }
  return null;
}

/** The episode's first discharge: the one its earliest readmission followed, or its recorded discharge. */
export function indexDischargeOf(
  episode: { dischargedOn: string | null },
  readmissions: readonly { afterDischargeOn: string }[],
): string | null {
  const dates = [episode.dischargedOn, ...readmissions.map((r) => r.afterDischargeOn)].filter(
    (d): d is string => d !== null,
  );
  return dates.length === 0 ? null : dates.reduce((a, b) => (a < b ? a : b));
}

/**
 * Why a readmission cannot be recorded against this episode (null: it can). It follows a discharge (and
 * not one already followed by a readmission), and is dated on or after it — the same day counts.
 */
export function readmissionRefusal(
  episode: WardStayFacts,
  readmittedOn: string,
  alreadyReadmittedAfterEnding = false,
): WardStayRefusal | null {
  if (episode.dischargedOn === null) {
    return {
      rule: 'readmission_follows_discharge',
      explain: `A readmission follows a discharge, and this support episode (${episode.state}) has none recorded`,
    };
  }
  if (episode.state === 'readmitted' || !inCommunity(episode) || alreadyReadmittedAfterEnding) {
    return {
      rule: 'readmission_follows_discharge',
      explain: `The service user was already readmitted after the latest discharge (${episode.dischargedOn}); record the discharge first`,
    };
  }
  if (readmittedOn < episode.dischargedOn) {
    return {
      rule: 'readmission_after_discharge',
      explain: `The readmission (${readmittedOn}) is before the discharge it follows (${episode.dischargedOn})`,
    };
  }
  return null;
}
