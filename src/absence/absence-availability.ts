import { Injectable } from '@nestjs/common';
import type {
  AvailabilityWindow,
  PeerWorkerAvailability,
  PeerWorkerAvailabilityAnswer,
} from '../pairing/peer-worker-availability';
import { lastDayOf, londonDate } from './absence-term';
import { AbsenceService } from './absence.service';

const KIND_WORDS = { sickness: 'sickness', annual_leave: 'annual leave', other: 'other' } as const;

/**
 * Pairing suggestions and cover ask whether peer workers are free across a window: a peer worker with
 * an absence (planned or active) touching any day of it is not, and the answer says which absence.
 */
@Injectable()
export class AbsenceAvailability implements PeerWorkerAvailability {
  constructor(private readonly absences: AbsenceService) {}

  async availabilityOf(
    peerWorkerIds: readonly string[],
    window: AvailabilityWindow,
  ): Promise<Map<string, PeerWorkerAvailabilityAnswer>> {
    const answers = new Map<string, PeerWorkerAvailabilityAnswer>(peerWorkerIds.map((id) => [id, { available: true }]));
    if (peerWorkerIds.length === 0) return answers;
    const today = londonDate(new Date());
    for (const absence of await this.absences.peerWorkerAbsencesOf(peerWorkerIds, window.from, window.to)) {
      const until = lastDayOf(absence, today) ?? 'open-ended';
      answers.set(absence.peerWorkerId!, {
        available: false,
        because: `Absent (${KIND_WORDS[absence.kind]}) ${absence.startsOn} to ${until}`,
      });
    }
    return answers;
  }
}
