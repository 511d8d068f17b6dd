import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { decodeCursor, encodeCursor, Page } from '../common/pagination/page';
import { AuditEvent, AuditOutcome } from './entities/audit-event.entity';
import { AuditRepository } from './audit.repository';

export interface AuditEntry {
  actor: Actor | null;
  /** `<resource>.<verb>`, e.g. `user.read`, `user.list`, `support_episode.transition`. */
  action: string;
  resourceType: string;
  resourceId: string | null;
  serviceUserId?: string | null;
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  actorId?: string;
  serviceUserId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: AuditRepository,
  ) {}

  /**
   * Write one audit event. Pass the transaction's EntityManager when the event describes a write,
   * so the event and the change commit or roll back together.
   */
  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await this.events.insert(
      [
        {
          actorId: entry.actor?.id ?? null,
          actorKind: entry.actor?.kind ?? 'system',
          actorRoles: entry.actor?.roles.join(',') ?? '',
          action: entry.action,
          resourceType: entry.resourceType,
          resourceId: entry.resourceId,
          serviceUserId: entry.serviceUserId ?? null,
          requestId: entry.actor?.requestId ?? null,
          outcome: entry.outcome ?? 'success',
          details: entry.details ?? {},
        },
      ],
      manager,
    );
  }

  /** Record a list read: which records were listed, so "who saw this person" can be answered. */
  async recordList(
    actor: Actor,
    resourceType: string,
    ids: string[],
    details: Record<string, unknown> = {},
    serviceUserIds?: (string | null)[],
  ): Promise<void> {
    await this.events.insert(
      // One row for the list itself, plus one per service user listed, so per-person queries find it.
      [
        {
          actorId: actor.id,
          actorKind: actor.kind,
          actorRoles: actor.roles.join(','),
          action: `${resourceType}.list`,
          resourceType,
          resourceId: null,
          serviceUserId: null,
          requestId: actor.requestId,
          outcome: 'success' as const,
          details: { ...details, ids },
        },
        ...[...new Set((serviceUserIds ?? []).filter((id): id is string => !!id))].map((serviceUserId) => ({
          actorId: actor.id,
          actorKind: actor.kind,
          actorRoles: actor.roles.join(','),
          action: `${resourceType}.list`,
          resourceType,
          resourceId: null,
          serviceUserId,
          requestId: actor.requestId,
          outcome: 'success' as const,
          details: {},
        })),
      ],
    );
  }

  /** Newest first, paged by id. */
  async find(query: AuditQuery): Promise<Page<AuditEvent>> {
    const after = decodeCursor(query.cursor);
    const rows = await this.events.find({
      actorId: query.actorId,
      serviceUserId: query.serviceUserId,
      from: query.from,
      to: query.to,
      beforeId: after?.id,
      take: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ id: last.id }) : null };
  }
}
