import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Actor } from '../../common/auth/actor';
import { RecordNotFoundError, UnprocessableError } from '../../common/errors/domain-errors';
import { PeerWorkerStatus } from '../peer-workers/peer-worker-status';
import { managesSite, PeerWorkersService } from '../peer-workers/peer-workers.service';
import { SitesService } from '../../sites/sites.service';
import { TrainingService } from '../training/training.service';
import {
  ApplicationTransitionRequest,
  CampaignFiguresResponse,
  CreateApplicationRequest,
  CreateCampaignRequest,
} from './dto/recruitment.dto';
import { ApplicationStageChange } from './entities/application-stage-change.entity';
import { RecruitmentApplication } from './entities/recruitment-application.entity';
import { RecruitmentCampaign } from './entities/recruitment-campaign.entity';
import { InterviewPanels } from './interview-panels';
import { APPLICATION_STAGES, ApplicationStage as S, countsAsPanelPeer, FIRST_STAGE } from './recruitment-stage';
import { ApplicationContext, recruitmentMachine } from './recruitment.state-machine';
import { RecruitmentRepository } from './recruitment.repository';

/** The peer worker status an application stage brings with it. */
const PEER_WORKER_STATUS_FOR: Partial<Record<S, PeerWorkerStatus>> = {
  [S.InTraining]: PeerWorkerStatus.InTraining,
  [S.Appointed]: PeerWorkerStatus.Appointed,
  [S.AppointedToReserve]: PeerWorkerStatus.Reserve,
  [S.Withdrawn]: PeerWorkerStatus.Left,
  [S.NotAppointed]: PeerWorkerStatus.Left,
};

@Injectable()
export class RecruitmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sites: SitesService,
    private readonly peerWorkers: PeerWorkersService,
    private readonly training: TrainingService,
    private readonly recruitment: RecruitmentRepository,
    private readonly panels: InterviewPanels,
  ) {}

  async createCampaign(actor: Actor, request: CreateCampaignRequest): Promise<RecruitmentCampaign> {
    await this.assertManagesSite(actor, request.siteId);
    // A campaign with no post and no reserve place could appoint nobody (a reserve-only campaign is fine).
    if (request.postsToFill + (request.reservePlaces ?? 0) < 1)
      throw new UnprocessableError('A campaign needs at least one post or reserve place', 'postsToFill');
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.recruitment.createCampaign(
        {
          siteId: request.siteId,
          title: request.title,
          postsToFill: request.postsToFill,
          reservePlaces: request.reservePlaces,
          advertisedOn: request.advertisedOn ?? null,
        },
        manager,
      );
      await this.audit.record(
        { actor, action: 'recruitment_campaign.create', resourceType: 'recruitment_campaign', resourceId: campaign.id },
        manager,
      );
      return campaign;
    });
  }

  async campaigns(actor: Actor, siteId: string): Promise<RecruitmentCampaign[]> {
    await this.assertManagesSite(actor, siteId);
    return this.recruitment.campaignsOf(siteId);
  }

  async campaign(actor: Actor, id: string): Promise<RecruitmentCampaign> {
    const campaign = await this.recruitment.findCampaign(id);
    if (!campaign || !managesSite(actor, campaign.siteId)) throw new RecordNotFoundError('Recruitment campaign', id);
    return campaign;
  }

  async figures(actor: Actor, id: string): Promise<CampaignFiguresResponse> {
    const campaign = await this.campaign(actor, id);
    const rows = await this.recruitment.countByStage(id);
    const countOf = (stage: S) => rows.find((r) => r.stage === stage)?.count ?? 0;
    const reserve = await this.recruitment.reservePoolSize(campaign.siteId);
    return {
      campaignId: id,
      byStage: APPLICATION_STAGES.map((stage) => ({ stage, count: countOf(stage) })),
      postsToFill: campaign.postsToFill,
      appointed: countOf(S.Appointed),
      reservePlaces: campaign.reservePlaces,
      appointedToReserve: countOf(S.AppointedToReserve),
      reservePoolSize: reserve,
    };
  }

  /** Someone enters a campaign: Pathway 1 by expressing interest, Pathway 2 by being assigned. Their peer worker record starts here. */
  async createApplication(
    actor: Actor,
    campaignId: string,
    request: CreateApplicationRequest,
  ): Promise<RecruitmentApplication> {
    const campaign = await this.campaign(actor, campaignId);
    return this.dataSource.transaction(async (manager) => {
      const stage = FIRST_STAGE[request.pathway];
      const worker = await this.peerWorkers.createApplicant(
        manager,
        actor,
        { siteId: campaign.siteId, displayName: request.displayName, email: request.email, phone: request.phone },
        `Entered recruitment campaign at ${stage}`,
      );
      const application = await this.recruitment.createApplication(
        {
          campaignId,
          siteId: campaign.siteId,
          peerWorkerId: worker.id,
          pathway: request.pathway,
          stage,
          interviewPanel: null,
          interviewPanelLegacy: null,
          interviewedOn: null,
        },
        manager,
      );
      await this.recruitment.recordStageChange(
        {
          applicationId: application.id,
          fromState: null,
          toState: stage,
          actorId: actor.id,
          reason: 'Application opened',
        },
        manager,
      );
      await this.audit.record(
        {
          actor,
          action: 'recruitment_application.create',
          resourceType: 'recruitment_application',
          resourceId: application.id,
          details: { pathway: request.pathway, peerWorkerId: worker.id },
        },
        manager,
      );
      return application;
    });
  }

  async applications(actor: Actor, campaignId: string): Promise<RecruitmentApplication[]> {
    await this.campaign(actor, campaignId);
    const items = await this.recruitment.applicationsOf(campaignId);
    await this.audit.recordList(
      actor,
      'recruitment_application',
      items.map((a) => a.id),
    );
    return items;
  }

  async application(actor: Actor, id: string): Promise<RecruitmentApplication> {
    const application = await this.recruitment.findApplication(id);
    if (!application || !managesSite(actor, application.siteId))
      throw new RecordNotFoundError('Recruitment application', id);
    await this.audit.record({
      actor,
      action: 'recruitment_application.read',
      resourceType: 'recruitment_application',
      resourceId: id,
    });
    return application;
  }

  async history(actor: Actor, id: string): Promise<ApplicationStageChange[]> {
    await this.application(actor, id);
    return this.recruitment.historyOf(id);
  }

  /** One guarded move of an application; the peer worker's status follows in the same transaction. */
  async transition(actor: Actor, id: string, request: ApplicationTransitionRequest): Promise<RecruitmentApplication> {
    const current = await this.application(actor, id);
    if (request.to === S.Interviewed && !request.interviewPanel?.length) {
      throw new UnprocessableError('Record who sat on the interview panel', 'interviewPanel');
    }
    // The panel's peer is a record: resolved (and refused, naming the member) before the move is judged.
    const panel =
      request.to === S.Interviewed ? await this.panels.resolve(actor, current, request.interviewPanel!) : null;
    return this.dataSource.transaction(async (manager) => {
      const application = await this.recruitment.lockApplication(id, manager);
      if (!application) throw new RecordNotFoundError('Recruitment application', id);
      // Lock the campaign too so two appointments cannot both take the last post.
      await this.recruitment.lockCampaign(application.campaignId, manager);
      const worker = await this.peerWorkers.lockForUpdate(manager, application.peerWorkerId);
      const context = await this.contextFor(
        manager,
        application,
        worker.dbsClearedOn,
        worker.occupationalHealthClearedOn,
      );
      recruitmentMachine.assert(application.stage, request.to, context);

      const from = application.stage;
      application.stage = request.to;
      if (request.to === S.Interviewed) {
        application.interviewPanel = panel!;
        application.interviewedOn = request.interviewedOn ?? null;
      }
      const saved = await this.recruitment.updateApplication(application, manager);
      await this.recruitment.recordStageChange(
        { applicationId: id, fromState: from, toState: request.to, actorId: actor.id, reason: request.reason },
        manager,
      );
      await this.audit.record(
        {
          actor,
          action: 'recruitment_application.transition',
          resourceType: 'recruitment_application',
          resourceId: id,
          details: { from, to: request.to },
        },
        manager,
      );
      const status = PEER_WORKER_STATUS_FOR[request.to];
      if (status && worker.status !== status) {
        await this.peerWorkers.moveStatus(
          manager,
          actor,
          worker,
          status,
          `Recruitment: ${request.to} — ${request.reason}`,
          { viaRecruitment: true, unmet: [] },
        );
      }
      return saved;
    });
  }

  private async contextFor(
    manager: EntityManager,
    application: RecruitmentApplication,
    dbs: string | null,
    oh: string | null,
  ): Promise<ApplicationContext> {
    const campaign = await this.recruitment.findCampaign(application.campaignId, manager);
    if (!campaign) throw new RecordNotFoundError('Recruitment campaign', application.campaignId);
    const counts = await this.recruitment.countAppointments(campaign.id, manager);
    const countOf = (stage: S) => counts.find((r) => r.stage === stage)?.count ?? 0;
    return {
      pathway: application.pathway,
      corePassed: (await this.training.coreModulesNotPassed(application.peerWorkerId, manager)).length === 0,
      panelIncludedPeerWorker: (application.interviewPanel ?? []).some(countsAsPanelPeer),
      dbsCleared: dbs != null,
      occupationalHealthCleared: oh != null,
      postAvailable: countOf(S.Appointed) < campaign.postsToFill,
      reservePlaceAvailable: countOf(S.AppointedToReserve) < campaign.reservePlaces,
    };
  }

  private async assertManagesSite(actor: Actor, siteId: string): Promise<void> {
    await this.sites.get(actor, siteId);
    if (!managesSite(actor, siteId)) throw new RecordNotFoundError('Site', siteId);
  }
}
