import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import type {
  CoverChanged,
  EpisodeMoved,
  EpisodeReferred,
  MeetingMoved,
  PairingChanged,
  PlanVersioned,
} from '../../common/events/domain-event-map';
import { OnDomainEvent } from '../../common/events/on-domain-event.decorator';
import type { Environment } from '../../config/environment';
import { OutboxService } from '../../scheduling/outbox/outbox.service';
import { PUBLISHED_EVENT_OUTBOX_TYPE } from '../../scheduling/outbox/published-event-fan-out';
import { IntegrationEventsRepository } from './integration-events.repository';
import { fullType } from '../../common/events/published-event-types';
import {
  coverChangedEvent,
  episodeMovedEvent,
  meetingMovedEvent,
  planVersionedEvent,
  referredEvent,
  repairedEvent,
  type PublishedEvent,
} from './published-events';

/**
 * Domain events out: each handler turns a domain event into a published CloudEvent, written to
 * `integration_events` in the emitting transaction (so it exists if and only if the change committed), with an
 * outbox row the relay hands to the worker for webhook delivery. Runs last among each event's handlers.
 */
@Injectable()
export class IntegrationEventsPublisher {
  constructor(
    private readonly repository: IntegrationEventsRepository,
    private readonly outbox: OutboxService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  @OnDomainEvent('episode.referred', { order: 1000 })
  async onReferred(manager: EntityManager, actor: Actor, event: EpisodeReferred): Promise<void> {
    await this.publish(manager, actor, referredEvent(event));
  }

  @OnDomainEvent('episode.moved', { order: 1000 })
  async onEpisodeMoved(manager: EntityManager, actor: Actor, event: EpisodeMoved): Promise<void> {
    await this.publish(manager, actor, episodeMovedEvent(event));
  }

  @OnDomainEvent('pairing.changed', { order: 1000 })
  async onPairingChanged(manager: EntityManager, actor: Actor, event: PairingChanged): Promise<void> {
    await this.publish(manager, actor, repairedEvent(event));
  }

  @OnDomainEvent('meeting.moved', { order: 1000 })
  async onMeetingMoved(manager: EntityManager, actor: Actor, event: MeetingMoved): Promise<void> {
    await this.publish(manager, actor, meetingMovedEvent(event));
  }

  @OnDomainEvent('plan.versioned', { order: 1000 })
  async onPlanVersioned(manager: EntityManager, actor: Actor, event: PlanVersioned): Promise<void> {
    await this.publish(manager, actor, planVersionedEvent(event));
  }

  @OnDomainEvent('cover.changed', { order: 1000 })
  async onCoverChanged(manager: EntityManager, actor: Actor, event: CoverChanged): Promise<void> {
    await this.publish(manager, actor, coverChangedEvent(event));
  }

  /** `source` names this ENRICH and the site: with `id`, unique per event (CloudEvents 1.0 §3.1.1). */
  sourceOf(siteId: string): string {
    return `${this.config.get('PUBLIC_BASE_URL', { infer: true }).replace(/\/+$/, '')}/api/v1/sites/${siteId}`;
  }

  private async publish(manager: EntityManager, actor: Actor, event: PublishedEvent | null): Promise<void> {
    if (!event) return;
    const id = randomUUID();
    const row = await this.outbox.record(manager, actor, {
      type: PUBLISHED_EVENT_OUTBOX_TYPE,
      aggregateType: 'integration_event',
      aggregateId: id,
      payload: { type: fullType(event.type), siteId: event.siteId },
    });
    await this.repository.insert(
      {
        id,
        type: fullType(event.type),
        source: this.sourceOf(event.siteId),
        subject: event.subject,
        siteId: event.siteId,
        occurredAt: new Date(),
        data: event.data,
        outboxEventId: row.id,
      },
      manager,
    );
  }
}
