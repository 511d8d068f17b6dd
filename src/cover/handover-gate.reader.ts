import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { HandoverGate } from '../delivery/handover-gate';
import { CoverRepository } from './cover.repository';

/**
 * Cover's answer to the meeting rules: false while the peer worker covers (or took over) the episode under
 * an arrangement whose handover they have not acknowledged — or that nobody has written yet.
 */
@Injectable()
export class CoverHandoverGate implements HandoverGate {
  constructor(private readonly cover: CoverRepository) {}

  async handoverAcknowledged(episodeId: string, peerWorkerId: string, manager?: EntityManager): Promise<boolean> {
    return !(await this.cover.handoverAwaited(episodeId, peerWorkerId, manager));
  }
}
