import { Injectable } from '@nestjs/common';
import { CloudEvent } from 'cloudevents';
import { Actor, isAdmin } from '../../common/auth/actor';
import { InvalidInputError } from '../../common/errors/domain-errors';
import type { CloudEventResponse, EventPageResponse, EventReplayQuery } from './dto/events.dto';
import { decodeStreamCursor, encodeStreamCursor, STREAM_START } from './event-cursor';
import { IntegrationEventRow, IntegrationEventsRepository } from './integration-events.repository';
import { likePatternOf, namesPublishedTypes } from '../../common/events/published-event-types';

/** The published stream, read: as CloudEvents for webhook delivery, and page by page for a consumer catching up. */
@Injectable()
export class IntegrationEventsService {
  constructor(private readonly repository: IntegrationEventsRepository) {}

  /** The CloudEvent an outbox row announced, with its site (null when there is none: nothing to deliver). */
  async cloudEventOf(outboxEventId: string): Promise<{ event: CloudEventResponse; siteId: string } | null> {
    const row = await this.repository.findByOutboxEvent(outboxEventId);
    return row ? { event: toCloudEvent(row), siteId: row.siteId } : null;
  }

  /** Events after the cursor, oldest first, of the caller's sites (admins: all) and the asked types. */
  async replay(actor: Actor, query: EventReplayQuery): Promise<EventPageResponse> {
    const after = query.after ? decodeStreamCursor(query.after) : STREAM_START;
    const types = query.types ? [...new Set(query.types.split(','))] : null;
    const unknown = (types ?? []).filter((t) => (t !== '*' && !t.startsWith('uk.')) || !namesPublishedTypes(t));
    if (unknown.length > 0)
      throw new InvalidInputError('types', `No published event type matches ${unknown.join(', ')}`);
    const limit = query.limit ?? 100;
    const rows = await this.repository.page({
      after,
      siteIds: isAdmin(actor) ? null : actor.siteIds,
      typePatterns: types?.map(likePatternOf) ?? null,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(toCloudEvent),
      next: encodeStreamCursor(last ? { tx: last.tx, position: last.position } : after),
      hasMore: rows.length > limit,
    };
  }
}

/** The row as a CloudEvents 1.0 structured-mode JSON object, validated by the `cloudevents` library. */
export function toCloudEvent(row: IntegrationEventRow): CloudEventResponse {
  const event = new CloudEvent<Record<string, unknown>>({
    specversion: '1.0',
    id: row.id,
    source: row.source,
    type: row.type,
    subject: row.subject,
    time: new Date(row.occurredAt).toISOString(),
    datacontenttype: 'application/json',
    data: row.data,
  });
  return event.toJSON() as unknown as CloudEventResponse;
}
