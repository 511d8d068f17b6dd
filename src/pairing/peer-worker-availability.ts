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
 * Whether peer workers are free across the expected start of support. Pairing suggestions and absence
 * cover ask this; the absence area answers it (AbsenceAvailability, bound in PairingModule).
 */
export interface PeerWorkerAvailability {
  availabilityOf(
    peerWorkerIds: readonly string[],
    window: AvailabilityWindow,
  ): Promise<Map<string, PeerWorkerAvailabilityAnswer>>;
}

export const PEER_WORKER_AVAILABILITY = Symbol('PeerWorkerAvailability');
