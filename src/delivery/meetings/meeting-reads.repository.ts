import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { MeetingStatus } from '../../common/vocabulary/meeting-vocabulary';
import { offsetPageOfRows, type OffsetPageRequest } from '../../common/pagination/offset-page';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';
import type { ServiceUserScope } from '../../service-users/service-user-scope.service';
import { ServiceUserScopes } from '../../service-users/service-user-scope.service';
import { Meeting } from './entities/meeting.entity';

/** What a search of meetings filters on (already validated by the caller); every field given narrows it. */
export interface MeetingSearch {
  /** `_id`: only these meetings. */
  ids?: readonly string[] | null;
  serviceUserId?: string;
  episodeId?: string;
  peerWorkerId?: string;
  /** Match nothing (a reference to another type, or a malformed id). */
  nothing?: boolean;
  statuses?: readonly MeetingStatus[];
  notStatuses?: readonly MeetingStatus[];
  /** Bounds on the start: the planned start, or for held meetings the actual start. */
  startBounds?: readonly { op: '>=' | '<'; at: Date }[];
}

/** An offset page; the sort key `start` is the start the search's bounds apply to. */
export type MeetingPageRequest = OffsetPageRequest;

interface MeetingFacts {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  serviceUserId: string;
  episodeId: string;
  peerWorkerId: string;
  mode: Meeting['mode'];
}

/** A meeting held, as other areas read it (the FHIR Encounter), with the name and ODS code of its Trust. */
export interface HeldMeetingRow extends MeetingFacts {
  setting: Meeting['setting'];
  actualStartAt: Date;
  actualEndAt: Date;
  site: { name: string; odsCode: string };
}

/** A meeting as planned, whatever became of it (the FHIR Appointment). The reasons given in words are not read. */
export interface PlannedMeetingRow extends MeetingFacts {
  status: MeetingStatus;
  plannedStartAt: Date;
  plannedDurationMinutes: number;
  cancelledBy: Meeting['cancelledBy'];
  rescheduledFromId: string | null;
  rescheduledToId: string | null;
}

const COORDINATOR: ServiceUserScope = {
  everything: false,
  siteIds: [DummyValue.UUID],
  wardIds: [],
  serviceUserIds: [],
  episodeIds: [],
};
const WARD_STAFF: ServiceUserScope = { ...COORDINATOR, siteIds: [], wardIds: [DummyValue.UUID] };
const FIRST_PAGE: MeetingPageRequest = { offset: 0, count: 20, sort: [] };
const BY_PATIENT_SINCE: MeetingSearch = {
  serviceUserId: DummyValue.UUID2,
  startBounds: [{ op: '>=', at: DummyValue.DATE }],
};

/**
 * Read-only queries of meetings for other areas (the FHIR Encounter and Appointment), scoped as support episodes
 * are. Each selects only the columns its reader maps, one query per page (the total rides on each row); the
 * sensitive note and the free-text reasons are never read. The caller passes the connection (the read replica
 * for searches).
 */
@Injectable()
export class MeetingReadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Held meetings in the scope, filtered, offset-paged (sort key `start`: the actual start). */
  @GenerateSql(
    { name: 'by patient and date, coordinator', params: [COORDINATOR, BY_PATIENT_SINCE, FIRST_PAGE] },
    {
      name: 'by episode, practitioner and id, ward staff, newest first',
      params: [
        WARD_STAFF,
        { episodeId: DummyValue.UUID, peerWorkerId: DummyValue.UUID2, ids: [DummyValue.UUID] },
        { offset: 20, count: 20, sort: [{ param: 'start', descending: true }] },
      ],
    },
    { name: 'total only', params: [COORDINATOR, BY_PATIENT_SINCE, { offset: 0, count: 0, sort: [] }] },
  )
  searchHeld(
    scope: ServiceUserScope,
    search: MeetingSearch,
    page: MeetingPageRequest,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ total: number; rows: HeldMeetingRow[] }> {
    const qb = this.held(scope, manager);
    this.filter(qb, search, 'm.actual_start_at');
    return offsetPageOfRows<HeldMeetingRow>(qb, 'm', page, { start: 'm.actual_start_at' }).then(({ total, rows }) => ({
      total,
      rows: rows.map(withSite),
    }));
  }

  @GenerateSql({ params: [COORDINATOR, DummyValue.UUID] })
  async readHeld(
    scope: ServiceUserScope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<HeldMeetingRow | null> {
    const row = await this.held(scope, manager).andWhere('m.id = :id', { id }).getRawOne<HeldMeetingRow>();
    return row ? withSite(row) : null;
  }

  /** Meetings as planned in the scope, filtered, offset-paged (sort key `start`: the planned start). */
  @GenerateSql(
    { name: 'by patient and date, coordinator', params: [COORDINATOR, BY_PATIENT_SINCE, FIRST_PAGE] },
    {
      name: 'by status, not cancelled, everything',
      params: [
        { ...COORDINATOR, everything: true, siteIds: [] },
        { statuses: ['planned', 'held'], notStatuses: ['cancelled'], nothing: true },
        { offset: 0, count: 20, sort: [{ param: 'start', descending: false }] },
      ],
    },
  )
  searchAsPlanned(
    scope: ServiceUserScope,
    search: MeetingSearch,
    page: MeetingPageRequest,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ total: number; rows: PlannedMeetingRow[] }> {
    const qb = this.asPlanned(scope, manager);
    this.filter(qb, search, 'm.planned_start_at');
    return offsetPageOfRows<PlannedMeetingRow>(qb, 'm', page, { start: 'm.planned_start_at' });
  }

  @GenerateSql({ params: [WARD_STAFF, DummyValue.UUID] })
  async readAsPlanned(
    scope: ServiceUserScope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PlannedMeetingRow | null> {
    return (await this.asPlanned(scope, manager).andWhere('m.id = :id', { id }).getRawOne<PlannedMeetingRow>()) ?? null;
  }

  private held(scope: ServiceUserScope, manager: EntityManager) {
    // The Trust is the one column read beyond meetings: its name and ODS code, as the service users' read joins it.
    return this.scoped(scope, manager)
      .addSelect(['m.setting AS "setting"', 'm.actual_start_at AS "actualStartAt"', 'm.actual_end_at AS "actualEndAt"'])
      .addSelect(['site.name AS "siteName"', 'site.ods_code AS "siteOdsCode"'])
      .innerJoin('sites', 'site', 'site.id = m.site_id')
      .andWhere(`m.status = 'held'`);
  }

  private asPlanned(scope: ServiceUserScope, manager: EntityManager) {
    return this.scoped(scope, manager).addSelect([
      'm.status AS "status"',
      'm.planned_start_at AS "plannedStartAt"',
      'm.planned_duration_minutes AS "plannedDurationMinutes"',
      'm.cancelled_by AS "cancelledBy"',
      'm.rescheduled_from_id AS "rescheduledFromId"',
      'm.rescheduled_to_id AS "rescheduledToId"',
    ]);
  }

  /** A meeting's site and episode are its episode's: a coordinator's scope is a condition on the meeting alone. */
  private scoped(scope: ServiceUserScope, manager: EntityManager): SelectQueryBuilder<Meeting> {
    const qb = manager
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .select([
        'm.id AS "id"',
        'm.version AS "version"',
        'm.created_at AS "createdAt"',
        'm.updated_at AS "updatedAt"',
        'm.service_user_id AS "serviceUserId"',
        'm.episode_id AS "episodeId"',
        'm.peer_worker_id AS "peerWorkerId"',
        'm.mode AS "mode"',
      ]);
    if (ServiceUserScopes.episodesNeedServiceUser(scope))
      qb.innerJoin('service_users', 'su', 'su.id = m.service_user_id');
    return ServiceUserScopes.restrictEpisodeRecords(
      qb,
      { siteId: 'm.site_id', episodeId: 'm.episode_id', wardId: 'su.ward_id' },
      scope,
    );
  }

  private filter(qb: SelectQueryBuilder<Meeting>, search: MeetingSearch, startColumn: string): void {
    if (search.nothing) qb.andWhere('false');
    if (search.ids) qb.andWhere('m.id = ANY(:ids::uuid[])', { ids: search.ids });
    if (search.serviceUserId !== undefined)
      qb.andWhere('m.service_user_id = :serviceUserId', { serviceUserId: search.serviceUserId });
    if (search.episodeId !== undefined) qb.andWhere('m.episode_id = :episodeId', { episodeId: search.episodeId });
    if (search.peerWorkerId !== undefined)
      qb.andWhere('m.peer_worker_id = :peerWorkerId', { peerWorkerId: search.peerWorkerId });
    if (search.statuses) qb.andWhere('m.status = ANY(:statuses::text[])', { statuses: search.statuses });
    if (search.notStatuses)
      qb.andWhere('NOT (m.status = ANY(:notStatuses::text[]))', { notStatuses: search.notStatuses });
    (search.startBounds ?? []).forEach((bound, i) =>
      qb.andWhere(`${startColumn} ${bound.op} :start${i}`, { [`start${i}`]: bound.at }),
    );
  }
}

function withSite(row: HeldMeetingRow): HeldMeetingRow {
  const { siteName, siteOdsCode, ...meeting } = row as HeldMeetingRow & { siteName: string; siteOdsCode: string };
  return { ...meeting, site: { name: siteName, odsCode: siteOdsCode } };
}
