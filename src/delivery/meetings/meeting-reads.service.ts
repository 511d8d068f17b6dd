import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Actor, hasRole, isAdmin } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { RecordNotFoundError } from '../../common/errors/domain-errors';
import type { Page } from '../../common/pagination/page';
import { DeliveryAccess } from '../delivery-access.service';
import type { MeetingQuery, SiteMeetingQuery } from './dto/meeting.dto';
import { Meeting } from './entities/meeting.entity';
import { MeetingTransition } from './entities/meeting-transition.entity';
import { MeetingsRepository, MeetingSummary, MeetingSummaryWithServiceUser } from './meetings.repository';

/** Matches no peer worker: a caller with no peer worker record sees no meetings as "their own". */
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** A meeting read by someone who may read it, with whether they may read its note. */
export interface MeetingRead {
  meeting: Meeting;
  noteIncluded: boolean;
}

/**
 * Reading meetings: an episode's, across episodes, one with its note, its status history. A peer worker reads
 * their own; the coordinator of the site (or an admin) reads all. Every read of personal data is audited.
 */
@Injectable()
export class MeetingReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly meetings: MeetingsRepository,
    private readonly access: DeliveryAccess,
    private readonly audit: AuditService,
  ) {}

  async listForEpisode(actor: Actor, episodeId: string, query: MeetingQuery): Promise<Page<MeetingSummary>> {
    const scoped = await this.access.episodeInScope(actor, episodeId, 'meeting.list');
    // Ward staff and integration clients reach the episode but not the meetings (routes exclude them); a peer worker sees their own.
    const own = scoped.coordinates ? null : (scoped.ownPeerWorker?.id ?? NOBODY);
    const page = await this.meetings.pageOfEpisode(episodeId, own, query);
    await this.audit.recordList(
      actor,
      'meeting',
      page.items.map((m) => m.id),
      { episodeId },
      [scoped.episode.serviceUserId],
    );
    return page;
  }

  /** Meetings across episodes: a coordinator's sites, a peer worker's own, everything for an admin. */
  async list(actor: Actor, query: SiteMeetingQuery): Promise<Page<MeetingSummaryWithServiceUser>> {
    const reach = isAdmin(actor)
      ? null
      : {
          siteIds: hasRole(actor, Role.Coordinator) ? actor.siteIds : [],
          ownPeerWorkerId: (await this.access.ownPeerWorker(actor))?.id ?? null,
        };
    const page = await this.meetings.pageWithin(
      reach,
      { siteId: query.siteId, peerWorkerId: query.peerWorkerId, status: query.status },
      query,
    );
    await this.audit.recordList(
      actor,
      'meeting',
      page.items.map((m) => m.id),
      { count: page.items.length },
      page.items.map((m) => m.serviceUserId),
    );
    return page;
  }

  /** One meeting; the note only for its peer worker, their coordinator or an admin, each such read audited. */
  async get(actor: Actor, id: string): Promise<MeetingRead> {
    // One read, with the note; whoever may not read the meeting gets 404 and never the note.
    const meeting = await this.meetings.withNote(id);
    const mayRead = meeting !== null && (await this.mayReadNote(actor, meeting));
    if (!meeting || !mayRead) return this.denied(actor, id, 'meeting.read', meeting);
    // Everyone in the meeting's scope is one of the note's readers; the flag stays explicit for when scope widens.
    const noteIncluded = mayRead;
    await this.dataSource.transaction(async (manager) => {
      await this.audit.record(
        {
          actor,
          action: 'meeting.read',
          resourceType: 'meeting',
          resourceId: id,
          serviceUserId: meeting.serviceUserId,
        },
        manager,
      );
      if (noteIncluded && meeting.note) {
        await this.audit.record(
          {
            actor,
            action: 'meeting.note.read',
            resourceType: 'meeting',
            resourceId: id,
            serviceUserId: meeting.serviceUserId,
          },
          manager,
        );
      }
    });
    return { meeting, noteIncluded };
  }

  async history(actor: Actor, id: string): Promise<MeetingTransition[]> {
    const meeting = await this.inScope(actor, id, 'meeting.history');
    const rows = await this.dataSource
      .getRepository(MeetingTransition)
      .find({ where: { meetingId: id }, order: { occurredAt: 'ASC', createdAt: 'ASC' } });
    await this.audit.record({
      actor,
      action: 'meeting.history',
      resourceType: 'meeting',
      resourceId: id,
      serviceUserId: meeting.serviceUserId,
    });
    return rows;
  }

  /** The meeting if the caller is its peer worker, the site's coordinator or an admin; otherwise 404 (audited). */
  async inScope(actor: Actor, id: string, action: string): Promise<Meeting> {
    const meeting = await this.dataSource.getRepository(Meeting).findOneBy({ id });
    if (meeting && (await this.mayReadNote(actor, meeting))) return meeting;
    return this.denied(actor, id, action, meeting);
  }

  private async mayReadNote(actor: Actor, meeting: Meeting): Promise<boolean> {
    if (this.access.coordinates(actor, meeting.siteId)) return true;
    const own = await this.access.ownPeerWorker(actor);
    return own !== null && own.id === meeting.peerWorkerId;
  }

  private async denied(actor: Actor, id: string, action: string, meeting: Meeting | null): Promise<never> {
    await this.audit.record({
      actor,
      action,
      resourceType: 'meeting',
      resourceId: id,
      serviceUserId: meeting?.serviceUserId ?? null,
      outcome: 'denied',
    });
    throw new RecordNotFoundError('Meeting', id);
  }
}
