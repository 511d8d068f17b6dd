import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { AuditEvent } from './entities/audit-event.entity';

export interface AuditEventFilter {
  actorId?: string;
  serviceUserId?: string;
  from?: Date;
  to?: Date;
  /** Only events older than this id (the cursor of the previous page). */
  beforeId?: string;
  /** Rows to read: one more than a page, to tell whether another page follows. */
  take: number;
}

/** An audit event to write; the database gives it its id and `occurred_at`. */
export type NewAuditEvent = Pick<
  AuditEvent,
  | 'actorId'
  | 'actorKind'
  | 'actorRoles'
  | 'action'
  | 'resourceType'
  | 'resourceId'
  | 'serviceUserId'
  | 'requestId'
  | 'outcome'
  | 'details'
>;

const INSERTED_COLUMNS = [
  'actor_id',
  'actor_kind',
  'actor_roles',
  'action',
  'resource_type',
  'resource_id',
  'service_user_id',
  'request_id',
  'outcome',
  'details',
] as const;

/** Every query on the append-only audit trail. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Write audit events; pass the transaction's manager so they commit or roll back with the change. One
   * hand-written INSERT (no RETURNING, no entity bookkeeping): it runs on almost every request.
   */
  @GenerateSql({
    params: [
      [
        {
          actorId: DummyValue.UUID,
          actorKind: 'user',
          actorRoles: 'coordinator',
          action: 'user.read',
          resourceType: 'user',
          resourceId: DummyValue.UUID2,
          serviceUserId: null,
          requestId: null,
          outcome: 'success',
          details: {},
        },
      ],
    ],
  })
  async insert(events: NewAuditEvent[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (events.length === 0) return;
    const values: unknown[] = [];
    const rows = events.map((event) => {
      const first = values.length + 1;
      values.push(
        event.actorId,
        event.actorKind,
        event.actorRoles,
        event.action,
        event.resourceType,
        event.resourceId,
        event.serviceUserId,
        event.requestId,
        event.outcome,
        JSON.stringify(event.details),
      );
      return `(${INSERTED_COLUMNS.map((_, i) => `$${first + i}`).join(', ')})`;
    });
    await manager.query(`INSERT INTO audit_events (${INSERTED_COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`, values);
  }

  /** Newest first by id. */
  @GenerateSql(
    { name: 'first page', params: [{ take: 51 }] },
    {
      name: 'every filter, later page',
      params: [
        {
          actorId: DummyValue.UUID,
          serviceUserId: DummyValue.UUID2,
          from: DummyValue.DATE,
          to: DummyValue.DATE2,
          beforeId: '1000',
          take: 51,
        },
      ],
    },
  )
  find(filter: AuditEventFilter, manager: EntityManager = this.dataSource.manager): Promise<AuditEvent[]> {
    const qb = manager.getRepository(AuditEvent).createQueryBuilder('e');
    if (filter.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.serviceUserId)
      qb.andWhere('e.service_user_id = :serviceUserId', { serviceUserId: filter.serviceUserId });
    if (filter.from) qb.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.occurred_at < :to', { to: filter.to });
    if (filter.beforeId) qb.andWhere(new Brackets((w) => w.where('e.id < :after', { after: filter.beforeId })));
    return qb.orderBy('e.id', 'DESC').limit(filter.take).getMany();
  }
}
