import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { OutboxEvent } from './outbox-event.entity';
import { OutboxRepository } from './outbox.repository';

export interface DomainEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload?: Record<string, unknown>;
}

/**
 * The only way a domain area asks for later work. Always called with the transaction's manager, so the
 * event exists if and only if the change committed (the transactional outbox).
 */
@Injectable()
export class OutboxService {
  constructor(private readonly rows: OutboxRepository) {}

  /** One event; returns the new row's id (which the integration events' row points at). */
  async record(manager: EntityManager, actor: Pick<Actor, 'id'>, event: DomainEvent): Promise<{ id: string }> {
    return this.rows.insertOne(
      event.type,
      event.aggregateType,
      event.aggregateId,
      event.payload ?? {},
      actor.id,
      manager,
    );
  }

  /**
   * Many events in one multi-row INSERT per thousand (a bulk import, a plan generating many contacts): the same
   * guarantee as record(), at a fraction of the round trips. Returns the new rows' ids in order.
   */
  async recordMany(manager: EntityManager, actor: Pick<Actor, 'id'>, events: DomainEvent[]): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < events.length; i += 1000) {
      const result = await manager.getRepository(OutboxEvent).insert(
        events.slice(i, i + 1000).map((event) => ({
          type: event.type,
          aggregateType: event.aggregateType,
          aggregateId: event.aggregateId,
          payload: (event.payload ?? {}) as never,
          actorId: actor.id,
        })),
      );
      ids.push(...result.identifiers.map((identifier) => String(identifier.id)));
    }
    return ids;
  }
}
