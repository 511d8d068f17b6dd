import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, canActOnSite, isAdmin } from '../common/auth/actor';
import { RecordNotFoundError } from '../common/errors/domain-errors';
import { assertVersion } from '../common/http/etag';
import { Page, PageQuery } from '../common/pagination/page';
import { CreateSiteRequest, UpdateSiteRequest } from './dto/site.dto';
import { CommunityTeam } from './entities/community-team.entity';
import { Ward } from './entities/ward.entity';
import { Site } from './entities/site.entity';
import { SitesRepository } from './sites.repository';
import { effectiveSiteSettings, SiteSettings } from './site-settings';

/**
 * Settings read once per transaction: a held meeting asks for them twice (the ending preparation and lone
 * working), and inside one business step the site's rules should not change under it anyway. Keyed by the
 * transaction's manager, so the cache goes with the transaction.
 */
const settingsInTransaction = new WeakMap<EntityManager, Map<string, SiteSettings>>();

@Injectable()
export class SitesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sites: SitesRepository,
  ) {}

  async create(actor: Actor, request: CreateSiteRequest): Promise<Site> {
    return this.dataSource.transaction(async (manager) => {
      const site = await this.sites.saveSite(
        { name: request.name, odsCode: request.odsCode, settings: { ...request.settings } },
        manager,
      );
      await this.audit.record({ actor, action: 'site.create', resourceType: 'site', resourceId: site.id }, manager);
      return site;
    });
  }

  async list(actor: Actor, query: PageQuery): Promise<Page<Site>> {
    return this.sites.list(isAdmin(actor) ? null : actor.siteIds, query);
  }

  /** A site the caller works on; other sites are 404 so their existence does not leak. */
  async get(actor: Actor, id: string): Promise<Site> {
    const site = await this.sites.findSite(id);
    if (!site || !canActOnSite(actor, site.id)) throw new RecordNotFoundError('Site', id);
    return site;
  }

  async update(actor: Actor, id: string, request: UpdateSiteRequest, expectedVersion?: number): Promise<Site> {
    return this.dataSource.transaction(async (manager) => {
      const site = await this.sites.lockSite(id, manager);
      if (!site) throw new RecordNotFoundError('Site', id);
      assertVersion('Site', expectedVersion, site.version);
      if (request.name !== undefined) site.name = request.name;
      if (request.odsCode !== undefined) site.odsCode = request.odsCode;
      if (request.settings !== undefined) site.settings = { ...site.settings, ...request.settings };
      const saved = await this.sites.updateSite(site, manager);
      await this.audit.record(
        {
          actor,
          action: 'site.update',
          resourceType: 'site',
          resourceId: id,
          details: { fields: Object.keys(request) },
        },
        manager,
      );
      return saved;
    });
  }

  /**
   * Change some of a site's settings for another area that has checked the caller and validated the
   * values (e.g. the support plan template, which coordinators of the site may tune).
   */
  async changeSettings(
    actor: Actor,
    id: string,
    settings: Partial<SiteSettings>,
    action: string,
  ): Promise<SiteSettings> {
    return this.dataSource.transaction(async (manager) => {
      const site = await this.sites.lockSite(id, manager);
      if (!site || !canActOnSite(actor, site.id)) throw new RecordNotFoundError('Site', id);
      site.settings = { ...site.settings, ...settings };
      await this.sites.updateSite(site, manager);
      await this.audit.record(
        { actor, action, resourceType: 'site', resourceId: id, details: { settings: Object.keys(settings) } },
        manager,
      );
      return effectiveSiteSettings(site.settings);
    });
  }

  /**
   * Effective settings of a site, for other areas' rules (caseload cap, step-down length …). Inside a
   * transaction pass its manager: a second pool connection while a row lock is held deadlocks a burst.
   */
  async settingsOf(siteId: string, manager?: EntityManager): Promise<SiteSettings> {
    const inTransaction = manager?.queryRunner?.isTransactionActive ? manager : null;
    const known = inTransaction ? settingsInTransaction.get(inTransaction)?.get(siteId) : undefined;
    if (known) return known;
    const stored = await this.sites.settingsOfSite(siteId, manager);
    if (stored === undefined) throw new RecordNotFoundError('Site', siteId);
    const settings = effectiveSiteSettings(stored);
    if (inTransaction) {
      const cache = settingsInTransaction.get(inTransaction) ?? new Map<string, SiteSettings>();
      settingsInTransaction.set(inTransaction, cache.set(siteId, settings));
    }
    return settings;
  }

  /** Whether every id names an existing site. */
  async allExist(ids: string[], manager?: EntityManager): Promise<boolean> {
    if (ids.length === 0) return true;
    return (await this.sites.countSites(ids, manager)) === new Set(ids).size;
  }

  async addWard(actor: Actor, siteId: string, name: string): Promise<Ward> {
    await this.get(actor, siteId);
    return this.dataSource.transaction(async (manager) => {
      const ward = await this.sites.saveWard({ siteId, name, active: true }, manager);
      await this.audit.record({ actor, action: 'ward.create', resourceType: 'ward', resourceId: ward.id }, manager);
      return ward;
    });
  }

  async addCommunityTeam(actor: Actor, siteId: string, name: string): Promise<CommunityTeam> {
    await this.get(actor, siteId);
    return this.dataSource.transaction(async (manager) => {
      const team = await this.sites.saveCommunityTeam({ siteId, name, active: true }, manager);
      await this.audit.record(
        { actor, action: 'community_team.create', resourceType: 'community_team', resourceId: team.id },
        manager,
      );
      return team;
    });
  }

  async wards(actor: Actor, siteId: string): Promise<Ward[]> {
    await this.get(actor, siteId);
    return this.sites.wardsOf(siteId);
  }

  async communityTeams(actor: Actor, siteId: string): Promise<CommunityTeam[]> {
    await this.get(actor, siteId);
    return this.sites.communityTeamsOf(siteId);
  }

  /** The ward, if it exists on a site the caller works on. */
  async findWard(actor: Actor, wardId: string): Promise<Ward> {
    const ward = await this.sites.findWard(wardId);
    if (!ward || !canActOnSite(actor, ward.siteId)) throw new RecordNotFoundError('Ward', wardId);
    return ward;
  }

  /** Ward names by id, for other areas' read-only views (the FHIR CareTeam's ward team). */
  wardNamesOf(ids: readonly string[], manager?: EntityManager): Promise<{ id: string; name: string }[]> {
    return this.sites.wardNamesOf(ids, manager);
  }

  /** Every site's id, in id order (the daily digest goes through them). */
  allSiteIds(manager?: EntityManager): Promise<string[]> {
    return this.sites.allSiteIds(manager);
  }

  /** The site's ward of this name (any case), or null; for the ward system's events, which name wards. */
  findWardNamed(siteId: string, wardName: string, manager?: EntityManager): Promise<Ward | null> {
    return this.sites.findWardByName(siteId, wardName, manager);
  }

  /** The community team, if it exists on a site the caller works on. */
  async findCommunityTeam(actor: Actor, teamId: string): Promise<CommunityTeam> {
    const team = await this.sites.findCommunityTeam(teamId);
    if (!team || !canActOnSite(actor, team.siteId)) throw new RecordNotFoundError('Community team', teamId);
    return team;
  }
}
