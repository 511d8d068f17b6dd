import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PairedRecords } from '../service-users/paired-records';

/**
 * Pairing's answer to record-level access: the service users and episodes a peer worker user is or was
 * paired with. A primary pairing counts for ever (they were paired); a cover pairing only while it lasts
 * (handbook 15: the covering worker sees the covered service users only for the cover period).
 */
@Injectable()
export class PairingHistoryReads implements PairedRecords {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async pairedRecordsOf(userId: string): Promise<{ serviceUserIds: string[]; episodeIds: string[] }> {
    const rows: { episode_id: string; service_user_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT p.episode_id, e.service_user_id
         FROM pairings p
         JOIN peer_workers pw ON pw.id = p.peer_worker_id
         JOIN support_episodes e ON e.id = p.episode_id
        WHERE pw.user_id = $1 AND (p.kind = 'primary' OR (p.ended_at IS NULL AND p.started_at <= now()))`,
      [userId],
    );
    return { serviceUserIds: [...new Set(rows.map((r) => r.service_user_id))], episodeIds: rows.map((r) => r.episode_id) };
  }
}
