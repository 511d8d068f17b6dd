import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { DomainEvents } from '../common/events/domain-events.service';
import { SupervisionConcern } from './entities/supervision-concern.entity';

export type RaisedConcern = Pick<
  SupervisionConcern,
  | 'category'
  | 'summary'
  | 'siteId'
  | 'raisedIn'
  | 'groupSessionId'
  | 'individualSessionId'
  | 'peerWorkerId'
  | 'episodeId'
  | 'serviceUserId'
>;

/**
 * Risk, safety and handover concerns raised in group or individual supervision (handbook 11.4): each one saved
 * open for the coordinator's queue and announced (supervision.concern_raised) in the recording transaction.
 */
@Injectable()
export class SupervisionConcernsService {
  constructor(private readonly events: DomainEvents) {}

  async raise(manager: EntityManager, actor: Actor, concerns: readonly RaisedConcern[]): Promise<SupervisionConcern[]> {
    const saved: SupervisionConcern[] = [];
    for (const c of concerns) {
      const concern = await manager.save(
        manager.create(SupervisionConcern, { ...c, state: 'open', raisedById: actor.id }),
      );
      await this.events.emit(
        manager,
        actor,
        'supervision.concern_raised',
        { concern },
        {
          outbox: [
            {
              type: 'supervision.concern_raised',
              aggregateType: 'supervision_concern',
              aggregateId: concern.id,
              payload: {
                concernId: concern.id,
                siteId: concern.siteId,
                category: concern.category,
                episodeId: concern.episodeId,
                peerWorkerId: concern.peerWorkerId,
              },
            },
          ],
        },
      );
      saved.push(concern);
    }
    return saved;
  }
}
