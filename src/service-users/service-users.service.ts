import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager, IsNull, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, canActOnSite } from '../common/auth/actor';
import {
  ConflictError,
  InvalidInputError,
  RecordNotFoundError,
  UnprocessableError,
} from '../common/errors/domain-errors';
import { DomainEvents } from '../common/events/domain-events.service';
import { assertVersion } from '../common/http/etag';
import { Page, PageQuery } from '../common/pagination/page';
import type { Ward } from '../sites/entities/ward.entity';
import { SitesService } from '../sites/sites.service';
import { RecordConsentRequest, WithdrawConsentRequest } from './dto/consent.dto';
import { MatchingPreferencesRequest } from './dto/matching-preference.dto';
import { CreateServiceUserRequest, UpdateServiceUserRequest } from './dto/service-user.dto';
import { ConsentRecord } from './entities/consent-record.entity';
import { MatchingPreference } from './entities/matching-preference.entity';
import { ServiceUser } from './entities/service-user.entity';
import { normaliseNhsNumber } from '../common/nhs-number/nhs-number';
import type { ConsentKind } from './service-user-vocabulary';
import { ServiceUserScopes } from './service-user-scope.service';
import { ServiceUsersRepository } from './service-users.repository';

export const LONDON = 'Europe/London';
const todayInLondon = () => DateTime.now().setZone(LONDON).toISODate()!;

/** Service users, their consents and matching preferences. Every read and write is audited. */
@Injectable()
export class ServiceUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sites: SitesService,
    private readonly scopes: ServiceUserScopes,
    private readonly audit: AuditService,
    private readonly records: ServiceUsersRepository,
    private readonly events: DomainEvents,
  ) {}

  async register(actor: Actor, request: CreateServiceUserRequest): Promise<ServiceUser> {
    await this.sites.get(actor, request.siteId);
    if (request.wardId) await this.assertWardOnSite(actor, request.wardId, request.siteId);
    if (request.dateOfBirth > todayInLondon())
      throw new UnprocessableError('dateOfBirth is in the future', 'dateOfBirth');
    const nhsNumber = normaliseNhsNumber(request.nhsNumber);
    return this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(ServiceUser, { nhsNumber }))
        throw new ConflictError('A service user with this NHS number is already registered', 'nhs_number_unique');
      const serviceUser = await manager
        .save(
          manager.create(ServiceUser, {
            siteId: request.siteId,
            nhsNumber,
            givenName: request.givenName,
            familyName: request.familyName,
            dateOfBirth: request.dateOfBirth,
            gender: request.gender,
            ethnicity: request.ethnicity,
            preferredLanguage: request.preferredLanguage ?? null,
            contact: { ...request.contact },
            accessibilityNeeds: request.accessibilityNeeds ?? null,
            wardId: request.wardId ?? null,
            gpPracticeCode: request.gpPracticeCode ?? null,
          }),
        )
        .catch(rethrowNhsNumberTaken);
      await this.audit.record(
        {
          actor,
          action: 'service_user.create',
          resourceType: 'service_user',
          resourceId: serviceUser.id,
          serviceUserId: serviceUser.id,
          details: { siteId: serviceUser.siteId },
        },
        manager,
      );
      return serviceUser;
    });
  }

  async list(actor: Actor, query: PageQuery): Promise<Page<ServiceUser>> {
    const scope = await this.scopes.of(actor);
    const page = await this.records.list(scope, query);
    const ids = page.items.map((su) => su.id);
    await this.audit.recordList(actor, 'service_user', ids, { count: ids.length }, ids);
    return page;
  }

  async get(actor: Actor, id: string): Promise<ServiceUser> {
    const serviceUser = await this.findVisible(actor, id, 'service_user.read');
    await this.audit.record({
      actor,
      action: 'service_user.read',
      resourceType: 'service_user',
      resourceId: id,
      serviceUserId: id,
    });
    return serviceUser;
  }

  async update(
    actor: Actor,
    id: string,
    request: UpdateServiceUserRequest,
    expectedVersion?: number,
  ): Promise<ServiceUser> {
    const visible = await this.findVisible(actor, id, 'service_user.update');
    if (request.wardId) await this.assertWardOnSite(actor, request.wardId, visible.siteId);
    if (request.dateOfBirth && request.dateOfBirth > todayInLondon())
      throw new UnprocessableError('dateOfBirth is in the future', 'dateOfBirth');
    return this.dataSource.transaction(async (manager) => {
      const serviceUser = await manager.findOneOrFail(ServiceUser, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      assertVersion('Service user', expectedVersion, serviceUser.version);
      const { contact, ...rest } = request;
      Object.assign(serviceUser, rest);
      if (contact !== undefined) serviceUser.contact = { ...contact };
      const saved = await manager.save(serviceUser);
      await this.audit.record(
        {
          actor,
          action: 'service_user.update',
          resourceType: 'service_user',
          resourceId: id,
          serviceUserId: id,
          details: { fields: Object.keys(request) },
        },
        manager,
      );
      return saved;
    });
  }

  async recordConsent(actor: Actor, serviceUserId: string, request: RecordConsentRequest): Promise<ConsentRecord> {
    await this.findVisible(actor, serviceUserId, 'consent.create');
    if (request.givenOn > todayInLondon()) throw new UnprocessableError('givenOn is in the future', 'givenOn');
    return this.dataSource.transaction(async (manager) => {
      const consent = await manager.save(
        manager.create(ConsentRecord, {
          serviceUserId,
          kind: request.kind,
          givenOn: request.givenOn,
          informationSheetVersion: request.informationSheetVersion,
          recordedById: actor.id,
          withdrawnOn: null,
          withdrawalRecordedById: null,
        }),
      );
      await this.audit.record(
        {
          actor,
          action: 'consent.create',
          resourceType: 'consent',
          resourceId: consent.id,
          serviceUserId,
          details: { kind: consent.kind },
        },
        manager,
      );
      return consent;
    });
  }

  async withdrawConsent(
    actor: Actor,
    serviceUserId: string,
    consentId: string,
    request: WithdrawConsentRequest,
  ): Promise<ConsentRecord> {
    await this.findVisible(actor, serviceUserId, 'consent.withdraw');
    return this.dataSource.transaction(async (manager) => {
      const consent = await manager.findOne(ConsentRecord, {
        where: { id: consentId, serviceUserId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!consent) throw new RecordNotFoundError('Consent', consentId);
      if (consent.withdrawnOn !== null)
        throw new ConflictError('This consent has already been withdrawn', 'consent_already_withdrawn');
      if (request.withdrawnOn < consent.givenOn)
        throw new UnprocessableError('withdrawnOn is before the consent was given', 'withdrawnOn');
      if (request.withdrawnOn > todayInLondon())
        throw new UnprocessableError('withdrawnOn is in the future', 'withdrawnOn');
      consent.withdrawnOn = request.withdrawnOn;
      consent.withdrawalRecordedById = actor.id;
      const saved = await manager.save(consent);
      await this.audit.record(
        {
          actor,
          action: 'consent.withdraw',
          resourceType: 'consent',
          resourceId: consentId,
          serviceUserId,
          details: { kind: consent.kind, withdrawnOn: saved.withdrawnOn },
        },
        manager,
      );
      // In the same transaction: withdrawn consent to peer support ends the open episode (EpisodesModule).
      const stillInForce = await this.hasActiveConsent(serviceUserId, consent.kind, manager);
      await this.events.emit(manager, actor, 'consent.withdrawn', { consent: saved, stillInForce });
      return saved;
    });
  }

  async consents(actor: Actor, serviceUserId: string): Promise<ConsentRecord[]> {
    await this.findVisible(actor, serviceUserId, 'consent.list');
    const consents = await this.dataSource
      .getRepository(ConsentRecord)
      .find({ where: { serviceUserId }, order: { createdAt: 'ASC' } });
    await this.audit.record({
      actor,
      action: 'consent.list',
      resourceType: 'consent',
      resourceId: null,
      serviceUserId,
      details: { count: consents.length },
    });
    return consents;
  }

  async replacePreferences(
    actor: Actor,
    serviceUserId: string,
    request: MatchingPreferencesRequest,
  ): Promise<MatchingPreference[]> {
    await this.findVisible(actor, serviceUserId, 'matching_preferences.replace');
    request.preferences.forEach((p, i) => {
      if (p.kind === 'peer_age_range' && !/^\d{2}-\d{2,3}$/.test(p.value)) {
        throw new InvalidInputError(`preferences[${i}].value`, 'An age range is written "25-40"');
      }
      if (p.kind === 'peer_age_range') {
        const [low, high] = p.value.split('-').map(Number);
        if (low > high)
          throw new InvalidInputError(`preferences[${i}].value`, 'An age range runs from the lower age to the higher');
      }
    });
    return this.dataSource.transaction(async (manager) => {
      // Serialise concurrent replacements of one person's set.
      await manager.findOneOrFail(ServiceUser, { where: { id: serviceUserId }, lock: { mode: 'pessimistic_write' } });
      await manager.delete(MatchingPreference, { serviceUserId });
      const saved = await manager.save(
        request.preferences.map((p, position) =>
          manager.create(MatchingPreference, {
            serviceUserId,
            kind: p.kind,
            value: p.value,
            weight: p.weight,
            position,
            recordedById: actor.id,
          }),
        ),
      );
      await this.audit.record(
        {
          actor,
          action: 'matching_preferences.replace',
          resourceType: 'service_user',
          resourceId: serviceUserId,
          serviceUserId,
          details: { count: saved.length },
        },
        manager,
      );
      return saved;
    });
  }

  async preferences(actor: Actor, serviceUserId: string): Promise<MatchingPreference[]> {
    await this.findVisible(actor, serviceUserId, 'matching_preferences.read');
    const preferences = await this.preferencesOf(serviceUserId);
    await this.audit.record({
      actor,
      action: 'matching_preferences.read',
      resourceType: 'service_user',
      resourceId: serviceUserId,
      serviceUserId,
    });
    return preferences;
  }

  /** For pairing: the preferences, without access checks (the caller has checked the episode). */
  async preferencesOf(serviceUserId: string): Promise<MatchingPreference[]> {
    return this.dataSource
      .getRepository(MatchingPreference)
      .find({ where: { serviceUserId }, order: { position: 'ASC' } });
  }

  /**
   * How many service users of the site are named (given and family name together, any case) in `text`.
   * For records that must never identify a service user (group supervision); returns a count, never who.
   */
  async countNamedIn(siteId: string, text: string): Promise<number> {
    if (!text.trim()) return 0;
    const normalised = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}'-]+/gu, ' ')} `;
    return this.records.countNamedIn(siteId, normalised);
  }

  /** Whether a consent of this kind is in force (given and not withdrawn). */
  async hasActiveConsent(
    serviceUserId: string,
    kind: ConsentKind,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    return manager.existsBy(ConsentRecord, { serviceUserId, kind, withdrawnOn: IsNull() });
  }

  /** A service user by id with no caller scope: for other areas' views that checked access their own way (a cover plan). */
  async findForArea(id: string, manager: EntityManager = this.dataSource.manager): Promise<ServiceUser> {
    const serviceUser = await manager.getRepository(ServiceUser).findOneBy({ id });
    if (!serviceUser) throw new RecordNotFoundError('Service user', id);
    return serviceUser;
  }

  /**
   * The service user if the caller's scope covers them. Otherwise 404 — and the refused attempt is
   * audited as `denied`, so probing for people is visible in the audit trail.
   */
  async findVisible(actor: Actor, id: string, action: string): Promise<ServiceUser> {
    const serviceUser = await this.dataSource.getRepository(ServiceUser).findOneBy({ id });
    if (serviceUser && ServiceUserScopes.covers(await this.scopes.of(actor), serviceUser)) return serviceUser;
    await this.audit.record({
      actor,
      action,
      resourceType: 'service_user',
      resourceId: id,
      serviceUserId: serviceUser ? id : null,
      outcome: 'denied',
    });
    throw new RecordNotFoundError('Service user', id);
  }

  /**
   * The service user with this NHS number registered at one of `siteIds` (an integration client's
   * Trust), or null: someone registered at another Trust is not found, exactly like an unknown number.
   */
  async findByNhsNumberOnSites(
    nhsNumber: string,
    siteIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ServiceUser | null> {
    if (siteIds.length === 0) return null;
    return this.records.findByNhsNumberOnSites(normaliseNhsNumber(nhsNumber), siteIds, manager);
  }

  /**
   * An admission reported by the ward system: place the service user on the ward of their site with
   * this name (case-insensitive). Null, and nothing changed, when the site has no such ward.
   */
  async placeOnNamedWard(
    manager: EntityManager,
    actor: Actor,
    serviceUser: ServiceUser,
    wardName: string,
  ): Promise<Ward | null> {
    const ward = await this.sites.findWardNamed(serviceUser.siteId, wardName.trim(), manager);
    if (!ward) return null;
    if (serviceUser.wardId !== ward.id) {
      const previousWardId = serviceUser.wardId;
      serviceUser.wardId = ward.id;
      await manager.save(serviceUser);
      await this.audit.record(
        {
          actor,
          action: 'service_user.ward_admission',
          resourceType: 'service_user',
          resourceId: serviceUser.id,
          serviceUserId: serviceUser.id,
          details: { previousWardId, wardId: ward.id },
        },
        manager,
      );
    }
    return ward;
  }

  private async assertWardOnSite(actor: Actor, wardId: string, siteId: string): Promise<void> {
    const ward = await this.sites.findWard(actor, wardId).catch(() => null);
    if (!ward || ward.siteId !== siteId || !canActOnSite(actor, ward.siteId)) {
      throw new UnprocessableError('wardId names no ward of the service user’s site', 'wardId');
    }
  }
}

function rethrowNhsNumberTaken(error: unknown): never {
  if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
    throw new ConflictError('A service user with this NHS number is already registered', 'nhs_number_unique');
  }
  throw error;
}
