import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SupportRouting } from '../absence/support-routing.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { RecordNotFoundError, UnprocessableError } from '../common/errors/domain-errors';
import { DomainEvents } from '../common/events/domain-events.service';
import { ServiceUsersService } from '../service-users/service-users.service';
import { SitesService } from '../sites/sites.service';
import { UsersService } from '../users/users.service';
import { PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { GroupSupervisionResponse, RecordGroupSupervisionRequest } from './dto/supervision.dto';
import { GroupSupervisionAttendance } from './entities/group-supervision-attendance.entity';
import { GroupSupervisionSession } from './entities/group-supervision-session.entity';
import { SupervisionConcern } from './entities/supervision-concern.entity';
import { SupervisionConcernsService } from './supervision-concerns.service';
import { assertNoIdentifyingDetails, assertNotFuture, concernSummary } from './supervision-rules';

/**
 * Group supervision (handbook 11.1): the peer worker team's sessions with their attendance and themes. The
 * group record never carries case notes about an identifiable service user. For the coordinator of the site,
 * or the named deputy while the coordinator is absent.
 */
@Injectable()
export class GroupSupervisionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly routing: SupportRouting,
    private readonly peerWorkers: PeerWorkersService,
    private readonly serviceUsers: ServiceUsersService,
    private readonly sites: SitesService,
    private readonly users: UsersService,
    private readonly concerns: SupervisionConcernsService,
  ) {}

  async recordGroup(actor: Actor, request: RecordGroupSupervisionRequest): Promise<GroupSupervisionResponse> {
    await this.sites.get(actor, request.siteId);
    await this.assertActsForCoordinator(actor, request.siteId);
    assertNotFuture(request.heldOn, 'heldOn');
    const facilitatorUserId = request.facilitatorUserId ?? actor.id;
    if (request.facilitatorUserId)
      await this.assertUserOfSite(request.facilitatorUserId, request.siteId, 'facilitatorUserId');
    for (const [index, id] of request.attendeePeerWorkerIds.entries()) {
      const worker = await this.peerWorkers.findById(id).catch(() => null);
      if (!worker || worker.siteId !== request.siteId)
        throw new UnprocessableError(
          'Every attendee must be a peer worker of the site',
          `attendeePeerWorkerIds[${index}]`,
        );
    }
    await this.assertNoServiceUserDetails(request.siteId, [
      ...request.themes.map((text, i) => [`themes[${i}]`, text] as const),
      ['notes', request.notes ?? ''] as const,
      ...(request.concerns ?? []).map((c, i) => [`concerns[${i}].summary`, c.summary] as const),
    ]);
    return this.dataSource.transaction(async (manager) => {
      const session = await manager.save(
        manager.create(GroupSupervisionSession, {
          siteId: request.siteId,
          heldOn: request.heldOn,
          facilitatorUserId,
          themes: request.themes,
          notes: request.notes ?? null,
          recordedById: actor.id,
        }),
      );
      await manager.insert(
        GroupSupervisionAttendance,
        request.attendeePeerWorkerIds.map((peerWorkerId) => ({ sessionId: session.id, peerWorkerId })),
      );
      const concerns = await this.concerns.raise(
        manager,
        actor,
        (request.concerns ?? []).map((c) => ({
          ...c,
          siteId: request.siteId,
          raisedIn: 'group' as const,
          groupSessionId: session.id,
          individualSessionId: null,
          peerWorkerId: null,
          episodeId: null,
          serviceUserId: null,
        })),
      );
      await this.audit.record(
        {
          actor,
          action: 'supervision.group.record',
          resourceType: 'group_supervision_session',
          resourceId: session.id,
          details: { attendees: request.attendeePeerWorkerIds.length },
        },
        manager,
      );
      await this.events.emit(
        manager,
        actor,
        'supervision.recorded',
        { kind: 'group', session, peerWorkerIds: request.attendeePeerWorkerIds },
        {
          outbox: [
            {
              type: 'supervision.recorded',
              aggregateType: 'group_supervision_session',
              aggregateId: session.id,
              payload: {
                kind: 'group',
                sessionId: session.id,
                siteId: session.siteId,
                heldOn: session.heldOn,
                peerWorkerIds: request.attendeePeerWorkerIds,
              },
            },
          ],
        },
      );
      return GroupSupervisionResponse.from(session, request.attendeePeerWorkerIds, concerns.map(concernSummary));
    });
  }

  async listGroup(actor: Actor, siteId: string): Promise<GroupSupervisionResponse[]> {
    await this.sites.get(actor, siteId);
    await this.assertActsForCoordinator(actor, siteId);
    const sessions = await this.dataSource
      .getRepository(GroupSupervisionSession)
      .find({ where: { siteId }, order: { heldOn: 'DESC', createdAt: 'DESC' }, take: 200 });
    await this.audit.recordList(
      actor,
      'group_supervision_session',
      sessions.map((s) => s.id),
    );
    return Promise.all(sessions.map((s) => this.groupResponse(s)));
  }

  async getGroup(actor: Actor, id: string): Promise<GroupSupervisionResponse> {
    const session = await this.dataSource.getRepository(GroupSupervisionSession).findOneBy({ id });
    if (!session || !(await this.routing.actsForCoordinator(actor, session.siteId)))
      throw new RecordNotFoundError('Group supervision session', id);
    await this.audit.record({
      actor,
      action: 'supervision.group.read',
      resourceType: 'group_supervision_session',
      resourceId: id,
    });
    return this.groupResponse(session);
  }

  /** Coordinators of the site (and admins), or the named deputy while the coordinator is absent; others get 404. */
  private async assertActsForCoordinator(actor: Actor, siteId: string): Promise<void> {
    if (!(await this.routing.actsForCoordinator(actor, siteId))) throw new RecordNotFoundError('Site', siteId);
  }

  private async assertUserOfSite(userId: string, siteId: string, field: string): Promise<void> {
    const user = await this.users.findActive(userId);
    if (!user || !user.siteIds.includes(siteId))
      throw new UnprocessableError(`${field} must name an active user of the site`, field);
  }

  /**
   * The group record never identifies a service user: free text naming one of the site's service users,
   * or carrying an NHS number, a record id or a date-of-birth label, is refused (422 naming the field).
   */
  private async assertNoServiceUserDetails(
    siteId: string,
    fields: ReadonlyArray<readonly [string, string]>,
  ): Promise<void> {
    for (const [field, text] of fields) {
      assertNoIdentifyingDetails(field, text);
      if ((await this.serviceUsers.countNamedIn(siteId, text)) > 0) {
        throw new UnprocessableError(
          `Group supervision records themes, not case notes: ${field} names a service user`,
          field,
        );
      }
    }
  }

  private async groupResponse(session: GroupSupervisionSession): Promise<GroupSupervisionResponse> {
    const attendees = await this.dataSource
      .getRepository(GroupSupervisionAttendance)
      .find({ where: { sessionId: session.id }, order: { createdAt: 'ASC' } });
    const concerns = await this.dataSource
      .getRepository(SupervisionConcern)
      .find({ where: { groupSessionId: session.id }, order: { createdAt: 'ASC' } });
    return GroupSupervisionResponse.from(
      session,
      attendees.map((a) => a.peerWorkerId),
      concerns.map(concernSummary),
    );
  }
}
