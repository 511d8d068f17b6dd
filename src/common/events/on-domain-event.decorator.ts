import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { DomainEventMap, DomainEventName } from './domain-event-map';

/** A handler: runs inside the emitting transaction with its manager; throwing rolls the whole change back. */
export type DomainEventHandler<E extends DomainEventName> = (
  manager: EntityManager,
  actor: Actor,
  event: DomainEventMap[E],
) => Promise<void>;

export interface DomainEventHandlerOptions {
  /**
   * Where this handler runs among the event's handlers, lowest first. Two handlers of one event may not
   * share an order: the sequence is a decision, written down, not an accident of module start-up.
   */
  order: number;
}

export interface DomainEventHandlerMetadata extends DomainEventHandlerOptions {
  event: DomainEventName;
}

export const DOMAIN_EVENT_HANDLERS = Symbol('enrich:domain-event-handlers');

/**
 * Declares a provider method as a handler of a domain event, e.g.
 * `@OnDomainEvent('episode.moved', { order: 20 })`. DomainEvents finds it at start-up (Nest's
 * DiscoveryService), so the provider registers nothing itself.
 */
export function OnDomainEvent<E extends DomainEventName>(event: E, options: DomainEventHandlerOptions) {
  return (target: object, key: string | symbol, _descriptor: TypedPropertyDescriptor<DomainEventHandler<E>>): void => {
    const existing =
      (Reflect.getMetadata(DOMAIN_EVENT_HANDLERS, target, key) as DomainEventHandlerMetadata[] | undefined) ?? [];
    Reflect.defineMetadata(DOMAIN_EVENT_HANDLERS, [...existing, { event, ...options }], target, key);
  };
}
