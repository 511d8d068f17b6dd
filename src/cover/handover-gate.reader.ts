import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HandoverGate } from '../delivery/handover-gate';

/**
 * Cover's answer to the meeting rules: false while the peer worker covers (or took over) the episode under
 * an arrangement whose handover they have not acknowledged — or that nobody has written yet.
 */
@Injectable()
export class CoverHandoverGate implements HandoverGate {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async handoverAcknowledged(
    episodeId: string,
    peerWorkerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const [row] = await manager.query<Array<{ waiting: boolean }>>(
      `SELECT EXISTS (
         SELECT 1 FROM cover_arrangements a
          WHERE a.episode_id = $1 AND a.covering_peer_worker_id = $2
            AND (a.state = 'active' OR a.arrangement = 'repair')
            AND NOT EXISTS (SELECT 1 FROM handover_notes n WHERE n.arrangement_id = a.id AND n.direction = 'handover' AND n.acknowledged_at IS NOT NULL)
       ) AS waiting`,
      [episodeId, peerWorkerId],
    );
    return !row.waiting;
  }
}
