import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor, Page, PageQuery } from '../../common/pagination/page';
import { InvalidInputError } from '../../common/errors/domain-errors';
import type { MeetingStatus } from '../../common/vocabulary/meeting-vocabulary';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';
import { Meeting } from './entities/meeting.entity';

/** A meeting as lists return it: every column the response shows, never the note. */
export type MeetingSummary = Omit<Meeting, 'note' | 'serviceUserId' | 'episode' | 'peerWorker' | 'plannedContact'>;

/** In a list across episodes the service user is kept too, for the audit row of the read. */
export type MeetingSummaryWithServiceUser = MeetingSummary & Pick<Meeting, 'serviceUserId'>;

/** Which meetings absence cover hands over or pauses: a peer worker's planned meetings of an episode in a window. */
export interface CoveredMeetings {
  episodeId: string;
  peerWorkerId: string;
  from: Date;
  until: Date | null;
}

/** Who the list across episodes is for: null for an admin (everything), else the caller's sites and own record. */
export interface MeetingReach {
  siteIds: readonly string[];
  ownPeerWorkerId: string | null;
}

export interface MeetingFilter {
  siteId?: string;
  peerWorkerId?: string;
  status?: MeetingStatus;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The columns a listed meeting needs (the note is never listed). */
const SUMMARY_COLUMNS = `m.id, m.episode_id, m.site_id, m.peer_worker_id, m.mode, m.setting, m.status, m.planned_start_at,
       m.planned_duration_minutes, m.actual_start_at, m.actual_end_at, m.attendees, m.missed_by, m.cancelled_by,
       m.status_reason, m.record, m.rescheduled_from_id, m.rescheduled_to_id, m.recorded_by_id, m.planned_contact_id,
       m.lone_working_exemption_reason, m.version, m.created_at, m.updated_at`;

interface SummaryRow {
  id: string;
  episode_id: string;
  site_id: string;
  service_user_id?: string;
  peer_worker_id: string;
  mode: Meeting['mode'];
  setting: Meeting['setting'];
  status: Meeting['status'];
  planned_start_at: Date;
  planned_duration_minutes: number;
  actual_start_at: Date | null;
  actual_end_at: Date | null;
  attendees: Meeting['attendees'];
  missed_by: Meeting['missedBy'];
  cancelled_by: Meeting['cancelledBy'];
  status_reason: string | null;
  record: Meeting['record'];
  rescheduled_from_id: string | null;
  rescheduled_to_id: string | null;
  recorded_by_id: string;
  planned_contact_id: string | null;
  lone_working_exemption_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

function summaryOf(row: SummaryRow): MeetingSummary {
  return {
    id: row.id,
    episodeId: row.episode_id,
    siteId: row.site_id,
    peerWorkerId: row.peer_worker_id,
    mode: row.mode,
    setting: row.setting,
    status: row.status,
    plannedStartAt: row.planned_start_at,
    plannedDurationMinutes: row.planned_duration_minutes,
    actualStartAt: row.actual_start_at,
    actualEndAt: row.actual_end_at,
    attendees: row.attendees,
    missedBy: row.missed_by,
    cancelledBy: row.cancelled_by,
    statusReason: row.status_reason,
    record: row.record,
    rescheduledFromId: row.rescheduled_from_id,
    rescheduledToId: row.rescheduled_to_id,
    recordedById: row.recorded_by_id,
    plannedContactId: row.planned_contact_id,
    loneWorkingExemptionReason: row.lone_working_exemption_reason,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** SQL conditions with their parameters, numbered as they are added. */
class Conditions {
  readonly sql: string[] = [];
  readonly params: unknown[] = [];
  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

/**
 * Every query of meetings (the plain finds and saves of the recording service stay in its transaction). The lists are
 * hand-written SQL over the columns the response shows: an episode's meetings is a benchmarked read (issue 16).
 */
@Injectable()
export class MeetingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new meeting, its generated columns (id, version, timestamps, defaults) set on the entity. */
  async insertNew(meeting: Meeting, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(Meeting).insert(meeting);
  }

  /** A meeting recorded as held, written back by the caller that holds its lock; the version moves on. */
  @GenerateSql({
    params: [
      {
        id: DummyValue.UUID,
        status: 'held',
        actualStartAt: DummyValue.DATE,
        actualEndAt: DummyValue.DATE2,
        attendees: [],
        record: null,
        note: null,
        loneWorkingExemptionReason: null,
        plannedContactId: null,
      },
    ],
  })
  async writeHeld(meeting: Meeting, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const [row] = await manager.query<{ version: number; updated_at: Date }[]>(
      `UPDATE meetings SET status = $2, actual_start_at = $3, actual_end_at = $4, attendees = $5, record = $6, note = $7,
              lone_working_exemption_reason = $8, planned_contact_id = $9, version = version + 1, updated_at = now()
        WHERE id = $1 RETURNING version, updated_at`,
      [
        meeting.id,
        meeting.status,
        meeting.actualStartAt,
        meeting.actualEndAt,
        JSON.stringify(meeting.attendees ?? []),
        meeting.record === null || meeting.record === undefined ? null : JSON.stringify(meeting.record),
        meeting.note ?? null,
        meeting.loneWorkingExemptionReason ?? null,
        meeting.plannedContactId ?? null,
      ],
    );
    if (!row) throw new Error(`Meeting ${meeting.id} vanished under its lock`);
    meeting.version = row.version;
    meeting.updatedAt = row.updated_at;
  }

  /** An episode's meetings in creation order (keyset on created_at, id); only `ownPeerWorkerId`'s when given. */
  @GenerateSql(
    { name: 'coordinator', params: [DummyValue.UUID, null, { limit: 50 }] },
    {
      name: 'peer worker, by status, after a cursor',
      params: [
        DummyValue.UUID,
        DummyValue.UUID2,
        {
          limit: 50,
          status: 'planned',
          cursor: encodeCursor({ createdAt: DummyValue.DATE.toISOString(), id: DummyValue.UUID }),
        },
      ],
    },
  )
  async pageOfEpisode(
    episodeId: string,
    ownPeerWorkerId: string | null,
    query: PageQuery & { status?: MeetingStatus },
  ): Promise<Page<MeetingSummary>> {
    const where = new Conditions();
    where.sql.push(`m.episode_id = ${where.bind(episodeId)}`);
    if (ownPeerWorkerId !== null) where.sql.push(`m.peer_worker_id = ${where.bind(ownPeerWorkerId)}`);
    if (query.status) where.sql.push(`m.status = ${where.bind(query.status)}`);
    return this.page(SUMMARY_COLUMNS, where, query);
  }

  /** Meetings across episodes within the caller's reach (null: an admin's, everything), filtered, in creation order. */
  @GenerateSql(
    { name: 'admin', params: [null, {}, { limit: 50 }] },
    {
      name: 'coordinator, by site and status',
      params: [
        { siteIds: [DummyValue.UUID], ownPeerWorkerId: null },
        { siteId: DummyValue.UUID, status: 'held' },
        { limit: 50 },
      ],
    },
  )
  async pageWithin(
    reach: MeetingReach | null,
    filter: MeetingFilter,
    query: PageQuery,
  ): Promise<Page<MeetingSummaryWithServiceUser>> {
    const where = new Conditions();
    if (reach)
      where.sql.push(
        `(m.site_id = ANY(${where.bind(reach.siteIds)}::uuid[]) OR m.peer_worker_id = ${where.bind(
          reach.ownPeerWorkerId ?? '00000000-0000-0000-0000-000000000000',
        )})`,
      );
    if (filter.siteId) where.sql.push(`m.site_id = ${where.bind(filter.siteId)}`);
    if (filter.peerWorkerId) where.sql.push(`m.peer_worker_id = ${where.bind(filter.peerWorkerId)}`);
    if (filter.status) where.sql.push(`m.status = ${where.bind(filter.status)}`);
    return this.page(`${SUMMARY_COLUMNS}, m.service_user_id`, where, query) as Promise<
      Page<MeetingSummaryWithServiceUser>
    >;
  }

  /** One meeting with its note (read only when the caller may see the meeting; the service decides on the note). */
  @GenerateSql({ params: [DummyValue.UUID] })
  withNote(id: string): Promise<Meeting | null> {
    return this.dataSource
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .addSelect('m.note')
      .where('m.id = :id', { id })
      .getOne();
  }

  /** The peer worker's planned meetings of the episode starting in [from, until) (open-ended without `until`), locked. */
  @GenerateSql({
    params: [
      { episodeId: DummyValue.UUID, peerWorkerId: DummyValue.UUID2, from: DummyValue.DATE, until: DummyValue.DATE2 },
    ],
  })
  plannedInWindow(of: CoveredMeetings, manager: EntityManager = this.dataSource.manager): Promise<Meeting[]> {
    return this.coveredQuery(manager, of).orderBy('m.plannedStartAt').setLock('pessimistic_write').getMany();
  }

  /** How many planned meetings plannedInWindow would return (read only). */
  @GenerateSql({
    params: [{ episodeId: DummyValue.UUID, peerWorkerId: DummyValue.UUID2, from: DummyValue.DATE, until: null }],
  })
  countPlannedInWindow(of: CoveredMeetings, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return this.coveredQuery(manager, of).getCount();
  }

  private coveredQuery(manager: EntityManager, { episodeId, peerWorkerId, from, until }: CoveredMeetings) {
    const qb = manager
      .createQueryBuilder(Meeting, 'm')
      .where(
        "m.episodeId = :episodeId AND m.peerWorkerId = :peerWorkerId AND m.status = 'planned' AND m.plannedStartAt >= :from",
        { episodeId, peerWorkerId, from },
      );
    return until ? qb.andWhere('m.plannedStartAt < :until', { until }) : qb;
  }

  /** Keyset pagination in creation order over hand-written SQL: one query, LIMIT one more than the page. */
  private async page(columns: string, where: Conditions, query: PageQuery): Promise<Page<MeetingSummary>> {
    const after = decodeCursor(query.cursor);
    if (after) {
      if (
        typeof after.createdAt !== 'string' ||
        Number.isNaN(Date.parse(after.createdAt)) ||
        typeof after.id !== 'string' ||
        !UUID.test(after.id)
      )
        throw new InvalidInputError('cursor', 'cursor is not a cursor this API returned');
      where.sql.push(
        `(m.created_at, m.id) > (${where.bind(after.createdAt)}::timestamptz, ${where.bind(after.id)}::uuid)`,
      );
    }
    const limit = where.bind(query.limit + 1);
    const rows = await this.dataSource.query<SummaryRow[]>(
      `SELECT ${columns}
         FROM meetings m
        ${where.sql.length > 0 ? `WHERE ${where.sql.join(' AND ')}` : ''}
        ORDER BY m.created_at, m.id
        LIMIT ${limit}`,
      where.params,
    );
    const items = rows.slice(0, query.limit).map((row) => {
      const summary = summaryOf(row);
      return row.service_user_id === undefined ? summary : { ...summary, serviceUserId: row.service_user_id };
    });
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
          : null,
    };
  }
}
