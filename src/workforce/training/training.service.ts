import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { Actor } from '../../common/auth/actor';
import { ConflictError, RecordNotFoundError, UnprocessableError } from '../../common/errors/domain-errors';
import { isExperiencedPeer } from '../peer-workers/experienced-peer';
import { managesSite, PeerWorkersService } from '../peer-workers/peer-workers.service';
import { SitesService } from '../../sites/sites.service';
import {
  DIGITAL_COMPETENCIES,
  type DigitalCompetency,
  isDigitalCompetency,
} from '../../common/vocabulary/digital-competencies';
import {
  CreateAssessmentRequest,
  CreateLocalModuleRequest,
  CreateReflectionRequest,
  CreateTrainingSessionRequest,
  RecordAttendanceRequest,
  TrainingRecordResponse,
} from './dto/training.dto';
import { TrainingAssessment } from './entities/training-assessment.entity';
import { TrainingAttendance } from './entities/training-attendance.entity';
import { TrainingModule } from './entities/training-module.entity';
import { TrainingReflection } from './entities/training-reflection.entity';
import { TrainingSession } from './entities/training-session.entity';
import type { Facilitator, ModuleProgress } from './training-catalogue';
import { TrainingRepository } from './training.repository';

/** A session the rules refuse: 422 naming the field and the rule. */
export class TrainingRuleError extends UnprocessableError {
  constructor(message: string, rule: string, field: string) {
    super(message, field);
    this.extensions.rule = rule;
  }
}

@Injectable()
export class TrainingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sites: SitesService,
    private readonly peerWorkers: PeerWorkersService,
    private readonly trainingRecords: TrainingRepository,
  ) {}

  /** Programme-wide modules, plus the local modules of `siteId` when given. */
  async modules(actor: Actor, siteId?: string): Promise<TrainingModule[]> {
    if (siteId) await this.sites.get(actor, siteId);
    return this.dataSource.getRepository(TrainingModule).find({
      where: siteId ? [{ siteId: IsNull() }, { siteId }] : [{ siteId: IsNull() }],
      order: { kind: 'ASC', createdAt: 'ASC', code: 'ASC' },
    });
  }

  async createLocalModule(actor: Actor, request: CreateLocalModuleRequest): Promise<TrainingModule> {
    await this.assertManagesSite(actor, request.siteId);
    return this.dataSource.transaction(async (manager) => {
      const clash = await manager.findOne(TrainingModule, {
        where: [
          { siteId: IsNull(), code: request.code },
          { siteId: request.siteId, code: request.code },
        ],
      });
      if (clash)
        throw new ConflictError(`A training module with code ${request.code} already exists`, 'module_code_unique');
      const module = await manager.save(
        manager.create(TrainingModule, {
          siteId: request.siteId,
          code: request.code,
          title: request.title,
          kind: 'local',
          source: 'local',
        }),
      );
      await this.audit.record(
        { actor, action: 'training_module.create', resourceType: 'training_module', resourceId: module.id },
        manager,
      );
      return module;
    });
  }

  async createSession(actor: Actor, request: CreateTrainingSessionRequest): Promise<TrainingSession> {
    await this.assertManagesSite(actor, request.siteId);
    const module = await this.moduleFor(request.siteId, request.moduleId);
    const facilitators: Facilitator[] = [];
    for (const [index, facilitator] of request.facilitators.entries()) {
      const field = `facilitators[${index}].peerWorkerId`;
      if (facilitator.role !== 'experienced_peer_worker') {
        if (facilitator.peerWorkerId)
          throw new TrainingRuleError(
            'peerWorkerId names the experienced peer worker co-delivering: give them role experienced_peer_worker',
            'facilitator_record_role',
            field,
          );
        facilitators.push({ name: facilitator.name!, role: facilitator.role, peerWorkerId: null });
        continue;
      }
      // Handbook 7: co-delivered by experienced peer workers. The peer is a record of the site, not a typed name.
      const peer = await this.peerWorkers.findById(facilitator.peerWorkerId!).catch(() => null);
      if (!peer || peer.siteId !== request.siteId || !isExperiencedPeer(peer))
        throw new TrainingRuleError(
          'An experienced_peer_worker co-deliverer must be a peer worker of the site who is appointed (or reserve, active, inactive) or whose prior peer work you verified',
          'co_deliverer_experienced_peer_worker',
          field,
        );
      facilitators.push({ name: peer.displayName, role: 'experienced_peer_worker', peerWorkerId: peer.id });
    }
    // For core modules we insist on an experienced peer co-delivering.
    if (module.kind === 'core' && !facilitators.some((f) => f.role === 'experienced_peer_worker')) {
      throw new TrainingRuleError(
        'A core module must be co-delivered by at least one experienced peer worker',
        'core_module_co_delivered_by_peer',
        'facilitators',
      );
    }
    const competencies = new Set(request.competencies ?? []);
    if (module.source === 'digital_peer_support' && isDigitalCompetency(module.code)) competencies.add(module.code);
    return this.dataSource.transaction(async (manager) => {
      const session = await manager.save(
        manager.create(TrainingSession, {
          siteId: request.siteId,
          moduleId: module.id,
          heldOn: request.heldOn,
          facilitators,
          facilitatorsLegacy: null,
          competencies: [...competencies],
        }),
      );
      await this.audit.record(
        {
          actor,
          action: 'training_session.create',
          resourceType: 'training_session',
          resourceId: session.id,
          details: { moduleId: module.id },
        },
        manager,
      );
      return session;
    });
  }

  async sessions(actor: Actor, siteId: string): Promise<TrainingSession[]> {
    await this.sites.get(actor, siteId);
    return this.dataSource
      .getRepository(TrainingSession)
      .find({ where: { siteId }, order: { heldOn: 'ASC', createdAt: 'ASC' } });
  }

  async recordAttendance(
    actor: Actor,
    sessionId: string,
    request: RecordAttendanceRequest,
  ): Promise<TrainingAttendance> {
    const session = await this.managedSession(actor, sessionId);
    await this.peerWorkerOfSite(actor, request.peerWorkerId, session.siteId);
    return this.dataSource.transaction(async (manager) => {
      await manager.upsert(
        TrainingAttendance,
        { sessionId, peerWorkerId: request.peerWorkerId, attended: request.attended, recordedBy: actor.id },
        ['sessionId', 'peerWorkerId'],
      );
      await this.audit.record(
        {
          actor,
          action: 'training_session.attendance',
          resourceType: 'training_session',
          resourceId: sessionId,
          details: { peerWorkerId: request.peerWorkerId, attended: request.attended },
        },
        manager,
      );
      return manager.findOneByOrFail(TrainingAttendance, { sessionId, peerWorkerId: request.peerWorkerId });
    });
  }

  /** Feedback on a session (coordinator) or a reflection (the peer worker themselves, or recorded for them). */
  async addReflection(actor: Actor, sessionId: string, request: CreateReflectionRequest): Promise<TrainingReflection> {
    const session = await this.dataSource.getRepository(TrainingSession).findOneBy({ id: sessionId });
    if (!session) throw new RecordNotFoundError('Training session', sessionId);
    if (request.peerWorkerId) {
      const peer = await this.peerWorkers.findVisible(actor, request.peerWorkerId);
      if (peer.siteId !== session.siteId) throw new RecordNotFoundError('Training session', sessionId);
    } else if (!managesSite(actor, session.siteId)) {
      throw new RecordNotFoundError('Training session', sessionId);
    }
    return this.dataSource.transaction(async (manager) => {
      const entry = await manager.save(
        manager.create(TrainingReflection, {
          sessionId,
          peerWorkerId: request.peerWorkerId ?? null,
          kind: request.kind,
          text: request.text,
          authorId: actor.id,
        }),
      );
      await this.audit.record(
        {
          actor,
          action: `training_session.${request.kind}`,
          resourceType: 'training_session',
          resourceId: sessionId,
          details: { entryId: entry.id },
        },
        manager,
      );
      return entry;
    });
  }

  async reflections(actor: Actor, sessionId: string): Promise<TrainingReflection[]> {
    await this.managedSession(actor, sessionId);
    return this.dataSource
      .getRepository(TrainingReflection)
      .find({ where: { sessionId }, order: { createdAt: 'ASC' } });
  }

  async createAssessment(actor: Actor, request: CreateAssessmentRequest): Promise<TrainingAssessment> {
    const peer = await this.peerWorkers.findManaged(actor, request.peerWorkerId);
    const module = await this.moduleFor(peer.siteId, request.moduleId);
    const attended = await this.trainingRecords.attendedModule(peer.id, module.id);
    if (!attended)
      throw new ConflictError(
        'A peer worker is assessed on a module only after attending a session of it',
        'module_attended',
      );
    return this.dataSource.transaction(async (manager) => {
      const assessment = await manager.save(
        manager.create(TrainingAssessment, {
          peerWorkerId: peer.id,
          moduleId: module.id,
          method: request.method,
          outcome: request.outcome,
          assessorUserId: actor.id,
          assessedOn: request.assessedOn,
        }),
      );
      await this.audit.record(
        {
          actor,
          action: 'training_assessment.create',
          resourceType: 'peer_worker',
          resourceId: peer.id,
          details: { moduleId: module.id, outcome: request.outcome },
        },
        manager,
      );
      return assessment;
    });
  }

  async trainingRecord(actor: Actor, peerWorkerId: string): Promise<TrainingRecordResponse> {
    const peer = await this.peerWorkers.findVisible(actor, peerWorkerId);
    await this.audit.record({
      actor,
      action: 'training_record.read',
      resourceType: 'peer_worker',
      resourceId: peerWorkerId,
    });
    const modules = await this.dataSource
      .getRepository(TrainingModule)
      .find({ where: [{ siteId: IsNull() }, { siteId: peer.siteId }], order: { createdAt: 'ASC', code: 'ASC' } });
    const progress = await this.progressOf(peer.id);
    const items = modules.map((m) => ({
      moduleId: m.id,
      code: m.code,
      title: m.title,
      kind: m.kind,
      required: m.kind === 'core' || m.siteId === peer.siteId,
      progress: progress.get(m.id) ?? 'not_started',
    }));
    items.sort((a, b) => Number(b.required) - Number(a.required));
    const required = (await this.sites.settingsOf(peer.siteId)).requiredDigitalCompetencies;
    const covered = await this.digitalCompetenciesCovered(peer.id);
    return {
      peerWorkerId,
      corePassed: items.filter((i) => i.kind === 'core').every((i) => i.progress === 'assessed_passed'),
      modules: items,
      digitalCompetencies: DIGITAL_COMPETENCIES.map((competency) => ({
        competency,
        required: required.includes(competency),
        covered: covered.includes(competency),
      })),
    };
  }

  /** Codes of the core modules a peer worker has not yet passed: the training fact readiness needs. */
  async coreModulesNotPassed(
    peerWorkerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    const core = await manager
      .getRepository(TrainingModule)
      .find({ where: { kind: 'core', siteId: IsNull() }, order: { code: 'ASC' } });
    const passed = await manager
      .getRepository(TrainingAssessment)
      .find({ where: { peerWorkerId, outcome: 'passed', moduleId: In(core.map((m) => m.id)) } });
    const passedIds = new Set(passed.map((a) => a.moduleId));
    return core.filter((m) => !passedIds.has(m.id)).map((m) => m.code);
  }

  /** The digital competencies a peer worker has covered: those of every session they attended (readiness needs it). */
  async digitalCompetenciesCovered(
    peerWorkerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DigitalCompetency[]> {
    const rows = await this.trainingRecords.attendedSessionCompetencies(peerWorkerId, manager);
    return [...new Set(rows.flatMap((r) => r.competencies))].sort();
  }

  private async progressOf(peerWorkerId: string): Promise<Map<string, ModuleProgress>> {
    const progress = new Map<string, ModuleProgress>();
    const attended = await this.trainingRecords.attendedModuleIds(peerWorkerId);
    for (const row of attended) progress.set(row.moduleId, 'attended');
    const passed = await this.dataSource.getRepository(TrainingAssessment).findBy({ peerWorkerId, outcome: 'passed' });
    for (const a of passed) progress.set(a.moduleId, 'assessed_passed');
    return progress;
  }

  private async moduleFor(siteId: string, moduleId: string): Promise<TrainingModule> {
    const module = await this.dataSource.getRepository(TrainingModule).findOneBy({ id: moduleId });
    if (!module || (module.siteId !== null && module.siteId !== siteId))
      throw new UnprocessableError('moduleId must name a programme module or a local module of this site', 'moduleId');
    return module;
  }

  private async managedSession(actor: Actor, sessionId: string): Promise<TrainingSession> {
    const session = await this.dataSource.getRepository(TrainingSession).findOneBy({ id: sessionId });
    if (!session || !managesSite(actor, session.siteId)) throw new RecordNotFoundError('Training session', sessionId);
    return session;
  }

  private async peerWorkerOfSite(actor: Actor, peerWorkerId: string, siteId: string) {
    const peer = await this.peerWorkers.findManaged(actor, peerWorkerId);
    if (peer.siteId !== siteId)
      throw new UnprocessableError('The peer worker is not on the session’s site', 'peerWorkerId');
    return peer;
  }

  private async assertManagesSite(actor: Actor, siteId: string): Promise<void> {
    await this.sites.get(actor, siteId);
    if (!managesSite(actor, siteId)) throw new RecordNotFoundError('Site', siteId);
  }
}
