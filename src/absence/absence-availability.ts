import { Injectable } from '@nestjs/common';
import type {
  AvailabilityWindow,
  PeerWorkerAvailability,
  PeerWorkerAvailabilityAnswer,
} from '../pairing/peer-worker-availability';
import { absenceOverlaps, asLondonDate, lastDayOf, londonDate } from './absence-term';
import { AbsenceRepository } from './absence.repository';
import type { Absence } from './entities/absence.entity';

const KIND_WORDS = { sickness: 'sickness', annual_leave: 'annual leave', other: 'other' } as const;

/**
 * Who is away when, for pairing suggestions, cover, reminders and support routing (no caller scope): a person with
 * an absence (planned or active, not cancelled) touching any day of a window is not available, and the answer says
 * which absence. Days are inclusive; instants are read as Europe/London dates.
 */
@Injectable()
export class AbsenceAvailability implements PeerWorkerAvailability {
  constructor(private readonly records: AbsenceRepository) {}

  async availabilityOf(
    peerWorkerIds: readonly string[],
    window: AvailabilityWindow,
  ): Promise<Map<string, PeerWorkerAvailabilityAnswer>> {
    const answers = new Map<string, PeerWorkerAvailabilityAnswer>(peerWorkerIds.map((id) => [id, { available: true }]));
    if (peerWorkerIds.length === 0) return answers;
    const today = londonDate(new Date());
    for (const absence of await this.peerWorkerAbsencesOf(peerWorkerIds, window.from, window.to)) {
      const until = lastDayOf(absence, today) ?? 'open-ended';
      answers.set(absence.peerWorkerId!, {
        available: false,
        because: `Absent (${KIND_WORDS[absence.kind]}) ${absence.startsOn} to ${until}`,
      });
    }
    return answers;
  }

  /**
   * Whether a person is absent on any day of [from, to]. `subjectId` is a peer worker id or a user id (the
   * coordinator, deputy or a peer worker's account).
   */
  async isAbsent(subjectId: string, from: Date | string, to: Date | string = from): Promise<boolean> {
    const [fromDay, toDay, today] = [asLondonDate(from), asLondonDate(to), londonDate(new Date())];
    const rows = await this.records.ofPersonStartingBy(subjectId, toDay);
    return rows.some((a) => absenceOverlaps(a, fromDay, toDay, today));
  }

  /** Peer workers of the site absent on any day of [from, to]. */
  async absentPeerWorkerIds(siteId: string, from: Date | string, to: Date | string = from): Promise<string[]> {
    const absences = await this.touching({ siteId }, from, to);
    return [...new Set(absences.map((a) => a.peerWorkerId!))];
  }

  /** Absences (not cancelled) of these peer workers touching [from, to]. */
  peerWorkerAbsencesOf(
    peerWorkerIds: readonly string[],
    from: Date | string,
    to: Date | string = from,
  ): Promise<Absence[]> {
    return this.touching({ peerWorkerIds }, from, to);
  }

  private async touching(
    who: { siteId: string } | { peerWorkerIds: readonly string[] },
    from: Date | string,
    to: Date | string,
  ): Promise<Absence[]> {
    const [fromDay, toDay, today] = [asLondonDate(from), asLondonDate(to), londonDate(new Date())];
    const rows = await this.records.peerWorkerAbsencesStartingBy(who, toDay);
    // An absence still running past its expected end (or open-ended) has no end to compare in SQL.
    return rows.filter((a) => absenceOverlaps(a, fromDay, toDay, today));
  }
}
