import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { ArrayContains, DataSource, EntityManager, LessThan, QueryFailedError } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../common/auth/actor';
import {
  ConflictError,
  DomainError,
  ForbiddenTransitionError,
  RecordNotFoundError,
  UnprocessableError,
} from '../../common/errors/domain-errors';
import type { SupportEpisode } from '../../episodes/entities/support-episode.entity';
import { isOneOpenEpisodeRefusal, SupportEpisodesService } from '../../episodes/support-episodes.service';
import { normaliseNhsNumber } from '../../common/nhs-number/nhs-number';
import { ServiceUsersService } from '../../service-users/service-users.service';
import { WardEventRequest } from './dto/ward-event.dto';
import { InboundWardEvent } from './entities/inbound-ward-event.entity';
import { brokenWardEventRule } from './ward-event-rules';
import type { WardEventOutcome, WardEventStatus } from './ward-event-vocabulary';
import { managesSite } from '../../workforce/peer-workers/peer-workers.service';

const todayInLondon = () => DateTime.now().setZone('Europe/London').toISODate()!;
const isUniqueViolation = (error: unknown) =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';

/**
 * Admission, discharge and readmission events from a Trust's ward systems. Each accepted event is
 * applied and kept in one transaction (the episode's move writes its own transition, audit and
 * outbox rows, and generates the community plan on discharge); a refused one changes nothing.
 */
@Injectable()
export class WardEventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly serviceUsers: ServiceUsersService,
    private readonly episodes: SupportEpisodesService,
    private readonly audit: AuditService,
  ) {}

  async receive(actor: Actor, request: WardEventRequest): Promise<{ event: InboundWardEvent; duplicate: boolean }> {
    try {
      const earlier = await this.earlier(actor, request);
      if (earlier) return { event: earlier, duplicate: true };
      if (request.occurredOn > todayInLondon())
        throw new UnprocessableError('occurredOn is in the future', 'occurredOn');
      const apply = () => this.dataSource.transaction((manager) => this.apply(manager, actor, request));
      // Two admissions of one person at once may both try to refer: the loser runs again, and finds the episode open.
      const event = await apply().catch((error: unknown) => {
        if (isOneOpenEpisodeRefusal(error)) return apply();
        throw error;
      });
      return { event, duplicate: false };
    } catch (error) {
      // The same event sent twice at once: the second waited on the unique key, and answers as a duplicate.
      if (isUniqueViolation(error)) {
        const winner = await this.earlier(actor, request);
        if (winner) return { event: winner, duplicate: true };
      }
      if (error instanceof DomainError) {
        await this.auditRefusal(actor, request, error);
        // Out of order or about someone unknown: kept, with the reason, for the coordinator — never dropped.
        if (error instanceof ForbiddenTransitionError || error instanceof RecordNotFoundError) {
          const kept = await this.keepUnapplied(actor, request, error);
          Object.assign(error.extensions, { wardEventId: kept.id, kept: true });
        }
      }
      throw error;
    }
  }

  /** The site's ward events that could not be applied (or all, or the applied), oldest first: for its coordinator. */
  async listForSite(actor: Actor, siteId: string, status?: WardEventStatus): Promise<InboundWardEvent[]> {
    if (!managesSite(actor, siteId)) throw new RecordNotFoundError('Site', siteId);
    const events = await this.dataSource.getRepository(InboundWardEvent).find({
      where: { siteIds: ArrayContains([siteId]), ...(status ? { status } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 500,
    });
    await this.audit.recordList(
      actor,
      'inbound_ward_event',
      events.map((e) => e.id),
      { siteId, status: status ?? null },
      events.map((e) => e.serviceUserId).filter((id): id is string => id !== null),
    );
    return events;
  }

  /**
   * Keep an event that could not be applied, in its own transaction (the refused one rolled back): a first
   * attempt is inserted, a repeat under the same sourceEventId updates the same row (the latest content and reason).
   */
  private async keepUnapplied(actor: Actor, request: WardEventRequest, error: DomainError): Promise<InboundWardEvent> {
    const serviceUser = await this.serviceUsers.findByNhsNumberOnSites(request.nhsNumber, actor.siteIds);
    const rule =
      typeof error.extensions.rule === 'string'
        ? error.extensions.rule
        : error instanceof RecordNotFoundError
          ? 'unknown_service_user'
          : 'not_applied';
    const facts = {
      sourceSystem: request.sourceSystem,
      type: request.type,
      occurredOn: request.occurredOn,
      wardCode: request.wardCode ?? null,
      serviceUserId: serviceUser?.id ?? null,
      nhsNumber: serviceUser ? null : normaliseNhsNumber(request.nhsNumber),
      siteIds: serviceUser ? [serviceUser.siteId] : [...actor.siteIds],
      episodeId: null,
      outcome: 'unapplied' as const,
      episodeState: null,
      wardId: null,
      status: 'unapplied' as const,
      unappliedRule: rule,
      unappliedReason: error.message,
    };
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(InboundWardEvent, {
        where: { clientId: actor.id, sourceEventId: request.sourceEventId },
        lock: { mode: 'pessimistic_write' },
      });
      // Applied meanwhile by a concurrent attempt: nothing to keep.
      if (existing?.status === 'applied') return existing;
      const saved = existing
        ? await manager.save(Object.assign(existing, facts, { attempts: existing.attempts + 1 }))
        : await manager.save(
            manager.create(InboundWardEvent, {
              ...facts,
              clientId: actor.id,
              sourceEventId: request.sourceEventId,
              attempts: 1,
            }),
          );
      await this.audit.record(
        {
          actor,
          action: 'ward_event.unapplied',
          resourceType: 'inbound_ward_event',
          resourceId: saved.id,
          serviceUserId: saved.serviceUserId,
          details: { sourceEventId: request.sourceEventId, rule, attempts: saved.attempts },
        },
        manager,
      );
      return saved;
    });
  }

  /** The event already received under this sourceEventId from this client; 409 if the id now names a different event. */
  private async earlier(actor: Actor, request: WardEventRequest): Promise<InboundWardEvent | null> {
    const event = await this.dataSource
      .getRepository(InboundWardEvent)
      .findOneBy({ clientId: actor.id, sourceEventId: request.sourceEventId });
    // Not there yet, or kept unapplied: (re)try it, with whatever the sender sends now.
    if (!event || event.status === 'unapplied') return null;
    const serviceUser = await this.serviceUsers.findByNhsNumberOnSites(request.nhsNumber, actor.siteIds);
    if (
      event.type !== request.type ||
      event.occurredOn !== request.occurredOn ||
      event.serviceUserId !== serviceUser?.id
    ) {
      throw new ConflictError(
        `sourceEventId ${request.sourceEventId} was already used for a different event (${event.type} on ${event.occurredOn})`,
        'source_event_id_reused',
      );
    }
    await this.audit.record({
      actor,
      action: 'ward_event.duplicate',
      resourceType: 'inbound_ward_event',
      resourceId: event.id,
      serviceUserId: event.serviceUserId,
      details: { sourceEventId: event.sourceEventId },
    });
    return event;
  }

  private async apply(manager: EntityManager, actor: Actor, request: WardEventRequest): Promise<InboundWardEvent> {
    const serviceUser = await this.serviceUsers.findByNhsNumberOnSites(request.nhsNumber, actor.siteIds, manager);
    // Unknown and another Trust's look the same: which NHS numbers another Trust holds does not leak.
    if (!serviceUser) throw new RecordNotFoundError('Service user with this NHS number at your Trust');

    // Claim the sourceEventId first: a concurrent duplicate waits here, then fails on the unique key. An
    // earlier unapplied attempt is the same row, tried again.
    const claimed = {
      sourceSystem: request.sourceSystem,
      type: request.type,
      occurredOn: request.occurredOn,
      wardCode: request.wardCode ?? null,
      serviceUserId: serviceUser.id,
      siteIds: [serviceUser.siteId],
      nhsNumber: null,
      episodeId: null,
      outcome: 'admission_recorded' as WardEventOutcome,
      episodeState: null,
      wardId: null,
      status: 'applied' as const,
      unappliedRule: null,
      unappliedReason: null,
    };
    const retried = await manager.findOne(InboundWardEvent, {
      where: { clientId: actor.id, sourceEventId: request.sourceEventId, status: 'unapplied' },
      lock: { mode: 'pessimistic_write' },
    });
    const event = retried
      ? await manager.save(Object.assign(retried, claimed, { attempts: retried.attempts + 1 }))
      : await manager.save(
          manager.create(InboundWardEvent, { ...claimed, clientId: actor.id, sourceEventId: request.sourceEventId }),
        );

    const open = await this.episodes.lockOpenEpisodeOf(manager, serviceUser.id);
    // A readmission with no open episode is still an outcome: kept against the latest ended, discharged one.
    const episode =
      open ??
      (request.type === 'readmission' ? await this.episodes.latestDischargedEpisodeOf(manager, serviceUser.id) : null);
    const broken = brokenWardEventRule(request.type, request.occurredOn, episode);
    if (broken)
      throw new ForbiddenTransitionError(
        'support episode',
        episode?.state ?? 'none',
        request.type,
        broken.rule,
        broken.explain,
      );

    const reason = `${request.type === 'discharge' ? 'Discharged' : 'Readmitted'}: ${request.sourceSystem} event ${request.sourceEventId}`;
    let moved: SupportEpisode | null = episode;
    let outcome: WardEventOutcome = 'admission_recorded';
    let failedRules: string[] | null = null;
    if (request.type === 'discharge') {
      // As the ward's own discharge record (SupportEpisodesService.dischargeWithin): into the community (plan,
      // first meeting, episode.discharged), the pause ends, or before pairing it is recorded (urgent pairing).
      const before = episode!.state;
      moved = await this.episodes.dischargeWithin(manager, actor, episode!.id, request.occurredOn, reason);
      outcome = before === 'readmitted' ? 'resumed' : moved.state === before ? 'discharge_recorded' : 'discharged';
    } else if (request.type === 'readmission') {
      const result = await this.episodes.readmitWithin(manager, actor, episode!.id, request.occurredOn, reason);
      moved = result.episode;
      outcome = result.paused ? 'paused' : 'readmission_recorded';
    } else {
      if (request.wardCode)
        event.wardId =
          (await this.serviceUsers.placeOnNamedWard(manager, actor, serviceUser, request.wardCode))?.id ?? null;
      if (!episode && request.primaryDiagnosisGroup) {
        const referral = await this.episodes.referOnAdmission(manager, actor, serviceUser, {
          referredOn: request.occurredOn,
          primaryDiagnosisGroup: request.primaryDiagnosisGroup,
          previousAdmissionDates: await this.previousAdmissions(manager, serviceUser.id, request),
        });
        if ('episode' in referral) {
          outcome = 'referred';
          moved = referral.episode;
        } else {
          outcome = 'not_eligible';
          failedRules = referral.ineligible.checks.filter((c) => !c.passed).map((c) => c.rule);
        }
      }
    }

    Object.assign(event, {
      outcome,
      episodeId: request.type === 'admission' && outcome !== 'referred' ? null : (moved?.id ?? null),
      episodeState: moved?.state ?? null,
    });
    const saved = await manager.save(event);
    await this.audit.record(
      {
        actor,
        action: `ward_event.${request.type}`,
        resourceType: 'inbound_ward_event',
        resourceId: saved.id,
        serviceUserId: serviceUser.id,
        details: {
          sourceSystem: request.sourceSystem,
          sourceEventId: request.sourceEventId,
          occurredOn: request.occurredOn,
          outcome,
          episodeId: saved.episodeId,
          episodeState: saved.episodeState,
          ...(failedRules ? { failedEligibilityRules: failedRules } : {}),
        },
      },
      manager,
    );
    return saved;
  }

  /**
   * Earlier psychiatric admissions for the eligibility rules: those the sender lists, and the admissions ENRICH
   * received for the service user before this one (this admission itself is not a previous one).
   */
  private async previousAdmissions(
    manager: EntityManager,
    serviceUserId: string,
    request: WardEventRequest,
  ): Promise<string[]> {
    const received = await manager.find(InboundWardEvent, {
      where: { serviceUserId, type: 'admission', occurredOn: LessThan(request.occurredOn) },
    });
    return [...new Set([...(request.previousAdmissionDates ?? []), ...received.map((e) => e.occurredOn)])]
      .filter((d) => d < request.occurredOn)
      .sort();
  }

  /** A refused event changed nothing; the attempt is still on the audit trail, with the rule it broke. */
  private async auditRefusal(actor: Actor, request: WardEventRequest, error: DomainError): Promise<void> {
    const serviceUser = await this.serviceUsers.findByNhsNumberOnSites(
      normaliseNhsNumber(request.nhsNumber),
      actor.siteIds,
    );
    await this.audit.record({
      actor,
      action: `ward_event.${request.type}`,
      resourceType: 'inbound_ward_event',
      resourceId: null,
      serviceUserId: serviceUser?.id ?? null,
      outcome: 'denied',
      details: {
        sourceSystem: request.sourceSystem,
        sourceEventId: request.sourceEventId,
        occurredOn: request.occurredOn,
        status: error.status,
        rule: error.extensions.rule ?? null,
        message: error.message,
      },
    });
  }
}
