import { Injectable } from '@nestjs/common';

export interface AvailabilityWindow {
  /** Inclusive calendar dates (YYYY-MM-DD, Europe/London). */
  from: string;
  to: string;
}

export interface PeerWorkerAvailabilityAnswer {
  available: boolean;
  /** Why not, when not (e.g. "Absent (annual leave) 2026-11-22 to 2026-11-30"). */
  because?: string | null;
}

/**
 * Whether peer workers are free across the expected start of support. Pairing suggestions ask this; so
 * will absence cover. There is no absence record yet, so the default implementation below says everyone
 * is available. The absence work replaces it by providing its own class under this token, e.g.
 * `{ provide: PEER_WORKER_AVAILABILITY, useExisting: AbsenceAvailability }` in PairingModule.
 */
export interface PeerWorkerAvailability {
  availabilityOf(peerWorkerIds: readonly string[], window: AvailabilityWindow): Promise<Map<string, PeerWorkerAvailabilityAnswer>>;
}

export const PEER_WORKER_AVAILABILITY = Symbol('PeerWorkerAvailability');

/** Until absences are recorded: nobody is known to be away. */
@Injectable()
export class EveryoneAvailable implements PeerWorkerAvailability {
  async availabilityOf(peerWorkerIds: readonly string[]): Promise<Map<string, PeerWorkerAvailabilityAnswer>> {
    return new Map(peerWorkerIds.map((id) => [id, { available: true }]));
  }
}
