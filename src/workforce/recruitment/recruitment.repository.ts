import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../../database/sql/generate-sql.decorator';
import { ApplicationStageChange } from './entities/application-stage-change.entity';
import { RecruitmentApplication } from './entities/recruitment-application.entity';
import { RecruitmentCampaign } from './entities/recruitment-campaign.entity';
import { ApplicationStage } from './recruitment-stage';

/** Every query on recruitment campaigns, applications and their stage history. */
@Injectable()
export class RecruitmentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @GenerateSql({
    params: [
      { siteId: DummyValue.UUID, title: DummyValue.STRING, postsToFill: 2, reservePlaces: 1, advertisedOn: null },
    ],
  })
  createCampaign(
    campaign: Partial<RecruitmentCampaign>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RecruitmentCampaign> {
    return manager.save(manager.create(RecruitmentCampaign, campaign));
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  campaignsOf(siteId: string, manager: EntityManager = this.dataSource.manager): Promise<RecruitmentCampaign[]> {
    return manager.find(RecruitmentCampaign, { where: { siteId }, order: { createdAt: 'ASC' } });
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  findCampaign(id: string, manager: EntityManager = this.dataSource.manager): Promise<RecruitmentCampaign | null> {
    return manager.findOneBy(RecruitmentCampaign, { id });
  }

  /** Locked so two appointments cannot both take the last post. */
  @GenerateSql({ params: [DummyValue.UUID] })
  lockCampaign(id: string, manager: EntityManager = this.dataSource.manager): Promise<RecruitmentCampaign | null> {
    return manager.findOne(RecruitmentCampaign, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** How many applications of the campaign stand at each stage (stages with none are absent). */
  @GenerateSql({ params: [DummyValue.UUID] })
  countByStage(
    campaignId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ stage: ApplicationStage; count: number }[]> {
    return manager
      .getRepository(RecruitmentApplication)
      .createQueryBuilder('a')
      .select('a.stage', 'stage')
      .addSelect('count(*)::int', 'count')
      .where('a.campaignId = :id', { id: campaignId })
      .groupBy('a.stage')
      .getRawMany();
  }

  /** Appointments so far (to a post or to the reserve), which the appointment guards count against the places. */
  @GenerateSql({ params: [DummyValue.UUID] })
  countAppointments(
    campaignId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ stage: ApplicationStage; count: number }[]> {
    return manager.query(
      `SELECT stage, count(*)::int AS count FROM recruitment_applications WHERE campaign_id = $1 AND stage IN ('appointed', 'appointed_to_reserve') GROUP BY stage`,
      [campaignId],
    );
  }

  /** The site's reserve pool: peer workers whose status is reserve. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async reservePoolSize(siteId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [{ reserve }] = await manager.query<{ reserve: number }[]>(
      `SELECT count(*)::int AS reserve FROM peer_workers WHERE site_id = $1 AND status = 'reserve'`,
      [siteId],
    );
    return reserve;
  }

  @GenerateSql({
    params: [
      {
        campaignId: DummyValue.UUID,
        siteId: DummyValue.UUID2,
        peerWorkerId: DummyValue.UUID,
        pathway: 'expression_of_interest',
        stage: 'expressed_interest',
        interviewPanel: null,
        interviewedOn: null,
      },
    ],
  })
  createApplication(
    application: Partial<RecruitmentApplication>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RecruitmentApplication> {
    return manager.save(manager.create(RecruitmentApplication, application));
  }

  /** Write back an application read with lockApplication. */
  @GenerateSql({ params: [{ id: DummyValue.UUID, stage: 'interviewed', version: 1 }] })
  updateApplication(
    application: RecruitmentApplication,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RecruitmentApplication> {
    return manager.save(RecruitmentApplication, application);
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  applicationsOf(
    campaignId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RecruitmentApplication[]> {
    return manager.find(RecruitmentApplication, { where: { campaignId }, order: { createdAt: 'ASC' } });
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  findApplication(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RecruitmentApplication | null> {
    return manager.findOneBy(RecruitmentApplication, { id });
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  lockApplication(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RecruitmentApplication | null> {
    return manager.findOne(RecruitmentApplication, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  @GenerateSql({
    params: [
      {
        applicationId: DummyValue.UUID,
        fromState: null,
        toState: 'expressed_interest',
        actorId: DummyValue.UUID2,
        reason: DummyValue.STRING,
      },
    ],
  })
  async recordStageChange(
    change: Partial<ApplicationStageChange>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.insert(ApplicationStageChange, change);
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  historyOf(
    applicationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ApplicationStageChange[]> {
    return manager.find(ApplicationStageChange, {
      where: { applicationId },
      order: { occurredAt: 'ASC', createdAt: 'ASC' },
    });
  }
}
