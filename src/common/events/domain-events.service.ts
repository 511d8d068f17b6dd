import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { OutboxService, type DomainEvent as OutboxRow } from '../../scheduling/outbox/outbox.service';
import type { Actor } from '../auth/actor';
import { DOMAIN_EVENTS, type DomainEventMap, type DomainEventName } from './domain-event-map';
import { discoverDomainEventHandlers, type DiscoveredHandler } from './handler-discovery';

export interface EmitOptions {
  /** Rows for later work (reminders, webhooks, reports), written in the same transaction before any handler runs. */
  outbox?: readonly OutboxRow[];
}

/**
 * The one way an area tells the others that something moved. `emit` runs inside the caller's transaction:
 * it writes the event's outbox rows, then calls every handler declared with @OnDomainEvent, in their
 * declared order, with the same manager — so a handler that throws rolls the move back with it.
 */
@Injectable()
export class DomainEvents implements OnModuleInit {
  private handlers = new Map<DomainEventName, DiscoveredHandler[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.handlers = new Map();
    for (const handler of discoverDomainEventHandlers(this.discovery)) {
      this.handlers.set(handler.event, [...(this.handlers.get(handler.event) ?? []), handler]);
    }
  }

  async emit<E extends DomainEventName>(
    manager: EntityManager,
    actor: Actor,
    event: E,
    payload: DomainEventMap[E],
    options: EmitOptions = {},
  ): Promise<void> {
    // Outside a transaction a failing handler could not undo the change: refuse rather than half-apply.
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error(`Domain event ${event} emitted outside a transaction`);
    const rows = options.outbox ?? [];
    for (const row of rows) {
      if (!DOMAIN_EVENTS[event].outbox.includes(row.type))
        throw new Error(`Domain event ${event} may not write outbox rows of type ${row.type} (see DOMAIN_EVENTS)`);
    }
    // One multi-row INSERT: a discharge's plan writes a row per planned contact, and each round trip costs more
    // than the row (the discharge benchmark sent thirteen single-row INSERTs).
    if (rows.length === 1) await this.outbox.record(manager, actor, rows[0]);
    else if (rows.length > 1) await this.outbox.recordMany(manager, actor, [...rows]);
    for (const handler of this.handlers.get(event) ?? []) {
      await (handler.instance as Record<string, (...args: unknown[]) => Promise<void>>)[handler.method](
        manager,
        actor,
        payload,
      );
    }
  }

  /** Every discovered handler, per event in the order they run (docs/events.md is rendered from this). */
  catalogue(): DiscoveredHandler[] {
    return [...this.handlers.values()].flat();
  }

  /** The handlers of one event, in the order they run: `Class.method`. */
  handlersOf(event: DomainEventName): string[] {
    return (this.handlers.get(event) ?? []).map((h) => `${h.className}.${h.method}`);
  }
}
