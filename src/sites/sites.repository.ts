import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Page, PageQuery, paginateByCreation } from '../common/pagination/page';
import { DummyValue, GenerateSql } from '../database/sql/generate-sql.decorator';
import { CommunityTeam } from './entities/community-team.entity';
import { Site } from './entities/site.entity';
import { Ward } from './entities/ward.entity';

/** Every query on sites, wards and community teams. */
@Injectable()
export class SitesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Sites in creation order; `siteIds` null for an admin, who sees every site. */
  @GenerateSql(
    { name: 'admin', params: [null, { limit: 50 }] },
    { name: 'staff of some sites', params: [[DummyValue.UUID], { limit: 50 }] },
  )
  list(
    siteIds: string[] | null,
    query: PageQuery,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Page<Site>> {
    const qb = manager.getRepository(Site).createQueryBuilder('site');
    if (siteIds) qb.where('site.id = ANY(:siteIds)', { siteIds });
    return paginateByCreation(qb, 'site', query);
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  findSite(id: string, manager: EntityManager = this.dataSource.manager): Promise<Site | null> {
    return manager.findOneBy(Site, { id });
  }

  /** A site's stored settings only (read on most writes); undefined when there is no such site. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async settingsOfSite(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Site['settings'] | undefined> {
    const [row] = await manager.query<Pick<Site, 'settings'>[]>(`SELECT settings FROM sites WHERE id = $1`, [id]);
    return row?.settings;
  }

  /** The site row locked for the rest of the transaction, so concurrent setting changes do not overwrite each other. */
  @GenerateSql({ params: [DummyValue.UUID] })
  lockSite(id: string, manager: EntityManager = this.dataSource.manager): Promise<Site | null> {
    return manager.findOne(Site, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  @GenerateSql({ params: [[DummyValue.UUID, DummyValue.UUID2]] })
  countSites(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.countBy(Site, { id: In(ids) });
  }

  @GenerateSql({ params: [{ name: DummyValue.STRING, odsCode: 'RX1', settings: {} }] })
  saveSite(site: Partial<Site>, manager: EntityManager = this.dataSource.manager): Promise<Site> {
    return manager.save(manager.create(Site, site));
  }

  /** Write back a site read with lockSite (its version column moves on). */
  @GenerateSql({ params: [{ id: DummyValue.UUID, name: DummyValue.STRING, odsCode: 'RX1', settings: {}, version: 1 }] })
  updateSite(site: Site, manager: EntityManager = this.dataSource.manager): Promise<Site> {
    return manager.save(Site, site);
  }

  @GenerateSql({ params: [{ siteId: DummyValue.UUID, name: DummyValue.STRING, active: true }] })
  saveWard(ward: Partial<Ward>, manager: EntityManager = this.dataSource.manager): Promise<Ward> {
    return manager.save(manager.create(Ward, ward));
  }

  @GenerateSql({ params: [{ siteId: DummyValue.UUID, name: DummyValue.STRING, active: true }] })
  saveCommunityTeam(
    team: Partial<CommunityTeam>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CommunityTeam> {
    return manager.save(manager.create(CommunityTeam, team));
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  wardsOf(siteId: string, manager: EntityManager = this.dataSource.manager): Promise<Ward[]> {
    return manager.find(Ward, { where: { siteId }, order: { name: 'ASC' } });
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  communityTeamsOf(siteId: string, manager: EntityManager = this.dataSource.manager): Promise<CommunityTeam[]> {
    return manager.find(CommunityTeam, { where: { siteId }, order: { name: 'ASC' } });
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  findWard(id: string, manager: EntityManager = this.dataSource.manager): Promise<Ward | null> {
    return manager.findOneBy(Ward, { id });
  }

  /** The site's ward of this name, any case (ward names come from the ward system). */
  @GenerateSql({ params: [DummyValue.UUID, 'Willow Ward'] })
  findWardByName(
    siteId: string,
    wardName: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Ward | null> {
    return manager
      .getRepository(Ward)
      .createQueryBuilder('w')
      .where('w.siteId = :siteId', { siteId })
      .andWhere('lower(w.name) = lower(:wardName)', { wardName })
      .getOne();
  }

  /** The names of these wards, by id. */
  @GenerateSql({ params: [[DummyValue.UUID, DummyValue.UUID2]] })
  wardNamesOf(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; name: string }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager
      .getRepository(Ward)
      .createQueryBuilder('w')
      .select(['w.id AS "id"', 'w.name AS "name"'])
      .where('w.id = ANY(:ids::uuid[])', { ids })
      .getRawMany();
  }

  /** Every site's id, in id order. */
  @GenerateSql({ params: [] })
  async allSiteIds(manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager
      .getRepository(Site)
      .createQueryBuilder('site')
      .select('site.id', 'id')
      .orderBy('site.id')
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  findCommunityTeam(id: string, manager: EntityManager = this.dataSource.manager): Promise<CommunityTeam | null> {
    return manager.findOneBy(CommunityTeam, { id });
  }
}
