import type { EntityManager } from 'typeorm';
/**
 * The service users and episodes a peer worker user is (or was) paired with. Record-level access needs it,
 * but pairing owns that history and builds on this area: this abstract class is the read ServiceUserScopes
 * injects, and PairingModule provides it (PairingReadsModule, global), so this area imports nothing of pairing.
 */
export abstract class PairedRecords {
  /** Inside a transaction pass its manager (never a second pool connection while a lock is held). */
  abstract pairedRecordsOf(
    userId: string,
    manager?: EntityManager,
  ): Promise<{ serviceUserIds: string[]; episodeIds: string[] }>;
}
