/**
 * The next planned meeting or contact of each support episode, for caseloads (null when none is). Pairing
 * does not own meetings or the community plan: this abstract class is the read CaseloadService injects, and
 * delivery provides it (DeliveryReadsModule, global: CaseloadNextContact), so pairing imports nothing of delivery.
 */
export abstract class NextPlannedContacts {
  abstract nextPlannedContactOf(episodeIds: readonly string[]): Promise<Map<string, Date | null>>;
}
