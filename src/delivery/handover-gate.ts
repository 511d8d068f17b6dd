import type { EntityManager } from 'typeorm';

/**
 * Whether a covering peer worker has acknowledged the episode's handover (true when no cover applies): the
 * meeting rules ask it. Absence cover owns handovers and builds on delivery: this abstract class is the read
 * DeliveryAccess injects, and cover provides it (CoverReadsModule, global), so delivery imports nothing of cover.
 */
export abstract class HandoverGate {
  abstract handoverAcknowledged(episodeId: string, peerWorkerId: string, manager?: EntityManager): Promise<boolean>;
}
