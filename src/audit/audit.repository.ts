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

/** Every query on the append-only audit trail. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Write audit events; pass the transaction's manager so they commit or roll back with the change. */
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
  async insert(events: Partial<AuditEvent>[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(AuditEvent, events);
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
