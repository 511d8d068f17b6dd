import { DiscoveryService } from '@nestjs/core';
import { DOMAIN_EVENTS, type DomainEventName } from './domain-event-map';
import { DOMAIN_EVENT_HANDLERS, type DomainEventHandlerMetadata } from './on-domain-event.decorator';

export interface DiscoveredHandler {
  event: DomainEventName;
  order: number;
  className: string;
  method: string;
  /** The provider instance (undefined when the app was built in preview mode, as for docs generation). */
  instance: unknown;
}

/**
 * Every @OnDomainEvent method of every provider in the app, sorted per event by its declared order.
 * Works on the providers' classes, so it also runs in Nest's preview mode (no instances, no database).
 * Refuses a handler of an unknown event, two handlers of one event with the same order, and a class
 * provided twice (its handler would run twice).
 */
export function discoverDomainEventHandlers(discovery: DiscoveryService): DiscoveredHandler[] {
  const found: DiscoveredHandler[] = [];
  const seen = new Set<unknown>();
  for (const wrapper of discovery.getProviders()) {
    const metatype = wrapper.metatype as (new (...args: never[]) => unknown) | null | undefined;
    if (!metatype || typeof metatype !== 'function' || !metatype.prototype || wrapper.isAlias) continue;
    const prototype = metatype.prototype as object;
    const methods = Object.getOwnPropertyNames(prototype).filter((name) => name !== 'constructor');
    const declared = methods.flatMap((method) =>
      (
        (Reflect.getMetadata(DOMAIN_EVENT_HANDLERS, prototype, method) as DomainEventHandlerMetadata[] | undefined) ??
        []
      ).map((meta) => ({ meta, method })),
    );
    if (declared.length === 0) continue;
    if (seen.has(metatype))
      throw new Error(`${metatype.name} is provided twice; its domain event handlers would run twice`);
    seen.add(metatype);
    for (const { meta, method } of declared) {
      if (!(meta.event in DOMAIN_EVENTS))
        throw new Error(`${metatype.name}.${method} handles unknown domain event ${meta.event}`);
      found.push({
        event: meta.event,
        order: meta.order,
        className: metatype.name,
        method,
        instance: wrapper.instance,
      });
    }
  }
  found.sort((a, b) => a.event.localeCompare(b.event) || a.order - b.order);
  for (let i = 1; i < found.length; i++) {
    const [a, b] = [found[i - 1], found[i]];
    if (a.event === b.event && a.order === b.order) {
      throw new Error(
        `${a.className}.${a.method} and ${b.className}.${b.method} both handle ${a.event} at order ${a.order}`,
      );
    }
  }
  return found;
}
