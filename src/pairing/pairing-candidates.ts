import { DateTime } from 'luxon';
import type { PeerWorker } from '../workforce/peer-workers/entities/peer-worker.entity';
import type { AvailabilityWindow, PeerWorkerAvailabilityAnswer } from './peer-worker-availability';
import type { PeerWorkerCandidate } from './rank-peer-workers';

const LONDON = 'Europe/London';

/** The days a peer worker must be free for a new pairing: from today, the site's pairingAvailabilityWindowDays. */
export function expectedStartWindow(
  windowDays: number,
  on: DateTime = DateTime.now().setZone(LONDON).startOf('day'),
): AvailabilityWindow {
  return { from: on.toISODate()!, to: on.plus({ days: windowDays - 1 }).toISODate()! };
}

/** What ranking and the hard rules need to know of one peer worker. */
export function candidateOf(
  w: PeerWorker,
  readiness: { ready: boolean; unmet: readonly string[] },
  available: PeerWorkerAvailabilityAnswer,
  activeCaseload: number,
): PeerWorkerCandidate {
  return {
    peerWorkerId: w.id,
    displayName: w.displayName,
    siteId: w.siteId,
    ready: readiness.ready,
    unmet: readiness.unmet,
    available: available.available,
    unavailableBecause: available.because ?? null,
    activeCaseload,
    gender: w.gender,
    dateOfBirth: w.dateOfBirth,
    ethnicity: w.ethnicity,
    languages: w.languages,
    livedExperience: w.livedExperience,
    interests: w.interests,
    wardId: w.wardId,
  };
}
