import type { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { PairedRecords } from '../service-users/paired-records';
import { PairingRepository } from './pairing.repository';

/**
 * Pairing's answer to record-level access: the service users and episodes a peer worker user is or was
 * paired with. A primary pairing counts for ever (they were paired); a cover pairing only while it lasts
 * (handbook 15: the covering worker sees the covered service users only for the cover period).
 */
@Injectable()
export class PairingHistoryReads implements PairedRecords {
  constructor(private readonly pairings: PairingRepository) {}

  async pairedRecordsOf(
    userId: string,
    manager?: EntityManager,
  ): Promise<{ serviceUserIds: string[]; episodeIds: string[] }> {
    const rows = await this.pairings.pairedRecordsOfUser(userId, manager);
    return {
      serviceUserIds: [...new Set(rows.map((r) => r.service_user_id))],
      episodeIds: rows.map((r) => r.episode_id),
    };
  }
}
