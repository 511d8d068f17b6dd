import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { type Actor, canActOnSite, hasRole, isAdmin } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { ConflictError, RecordNotFoundError, UnprocessableError } from '../common/errors/domain-errors';
import type { ReportQuery } from '../reports/dto/report-query.dto';
import { ReportsService } from '../reports/reports.service';
import type {
  AdministrationResponse,
  PeerWorkerAdministrationRequest,
  ServiceUserAdministrationRequest,
  SiteOutcomesResponse,
} from './dto/outcome.dto';
import { instrumentOf, type OutcomeInstrument } from './outcome-instruments';
import { itemProblems, scoreItems } from './outcome-scoring';
import { OutcomesRepository } from './outcomes.repository';

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/**
 * Outcome measures: item-level entry checked against the catalogue, totals by the server, change from baseline.
 * Service users' measures are recorded by their peer worker, the site's coordinator or an admin; a peer worker's
 * own wellbeing by themselves, their coordinator or an admin. Every read of these personal scores is audited.
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly outcomes: OutcomesRepository,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
  ) {}

  async recordForEpisode(
    actor: Actor,
    episodeId: string,
    request: ServiceUserAdministrationRequest,
  ): Promise<AdministrationResponse> {
    const episode = await this.episodeInScope(actor, episodeId);
    const instrument = this.checked(request, 'service_user');
    const scored = scoreItems(instrument, request.itemScores);
    const saved = await this.insertOnce(() =>
      this.outcomes.insert({
        instrument: instrument.code,
        subject: 'service_user',
        siteId: episode.siteId,
        episodeId,
        serviceUserId: episode.serviceUserId,
        peerWorkerId: null,
        timepoint: request.timepoint,
        administeredOn: request.administeredOn,
        itemScores: request.itemScores,
        ...scored,
        recordedById: actor.id,
      }),
    );
    await this.audit.record({
      actor,
      action: 'outcome_administration.create',
      resourceType: 'outcome_administration',
      resourceId: saved.id,
      serviceUserId: episode.serviceUserId,
      details: { instrument: instrument.code, timepoint: request.timepoint },
    });
    return (await this.outcomes.listFor('episode', episodeId)).find((a) => a.id === saved.id)!;
  }

  async listForEpisode(actor: Actor, episodeId: string): Promise<AdministrationResponse[]> {
    const episode = await this.episodeInScope(actor, episodeId);
    const rows = await this.outcomes.listFor('episode', episodeId);
    await this.audit.recordList(
      actor,
      'outcome_administration',
      rows.map((r) => r.id),
      { episodeId },
      [episode.serviceUserId],
    );
    return rows;
  }

  async recordForPeerWorker(
    actor: Actor,
    peerWorkerId: string,
    request: PeerWorkerAdministrationRequest,
  ): Promise<AdministrationResponse> {
    const worker = await this.peerWorkerInScope(actor, peerWorkerId);
    const instrument = this.checked(request, 'peer_worker');
    const scored = scoreItems(instrument, request.itemScores);
    const saved = await this.outcomes.insert({
      instrument: instrument.code,
      subject: 'peer_worker',
      siteId: worker.siteId,
      episodeId: null,
      serviceUserId: null,
      peerWorkerId,
      timepoint: request.timepoint,
      administeredOn: request.administeredOn,
      itemScores: request.itemScores,
      ...scored,
      recordedById: actor.id,
    });
    await this.audit.record({
      actor,
      action: 'outcome_administration.create',
      resourceType: 'outcome_administration',
      resourceId: saved.id,
      details: { peerWorkerId, instrument: instrument.code, timepoint: request.timepoint },
    });
    return (await this.outcomes.listFor('peer_worker', peerWorkerId)).find((a) => a.id === saved.id)!;
  }

  async listForPeerWorker(actor: Actor, peerWorkerId: string): Promise<AdministrationResponse[]> {
    await this.peerWorkerInScope(actor, peerWorkerId);
    const rows = await this.outcomes.listFor('peer_worker', peerWorkerId);
    await this.audit.recordList(
      actor,
      'outcome_administration',
      rows.map((r) => r.id),
      { peerWorkerId },
    );
    return rows;
  }

  async siteChange(actor: Actor, query: ReportQuery): Promise<SiteOutcomesResponse> {
    const period = await this.reports.scope(actor, query);
    return { ...period, instruments: await this.outcomes.siteChange(period.siteId, period.from, period.to) };
  }

  /** The instrument, and its items checked one by one; 422 naming the first bad item. */
  private checked(
    request: { instrument: string; itemScores: unknown[] },
    subject: 'service_user' | 'peer_worker',
  ): OutcomeInstrument {
    const instrument = instrumentOf(request.instrument)!;
    if (!instrument.subjects.includes(subject))
      throw new UnprocessableError(
        `${instrument.name} is not measured for a ${subject.replace('_', ' ')}`,
        'instrument',
      );
    const [problem] = itemProblems(instrument, request.itemScores);
    if (problem) throw new UnprocessableError(problem.message, problem.field);
    return instrument;
  }

  private async insertOnce<T>(insert: () => Promise<T>): Promise<T> {
    try {
      return await insert();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(
          'This instrument already has a baseline (or end-of-support) administration for the episode',
          'one_baseline_and_end_of_support_per_instrument',
        );
      throw error;
    }
  }

  private async episodeInScope(actor: Actor, episodeId: string) {
    const episode = await this.outcomes.episode(episodeId);
    const ownPeerWorker = episode !== null && hasRole(actor, Role.PeerWorker) && episode.peerWorkerUserId === actor.id;
    const coordinates =
      episode !== null && hasRole(actor, Role.Admin, Role.Coordinator) && canActOnSite(actor, episode.siteId);
    if (!episode || !(ownPeerWorker || coordinates)) throw new RecordNotFoundError('Support episode', episodeId);
    return episode;
  }

  private async peerWorkerInScope(actor: Actor, peerWorkerId: string) {
    const worker = await this.outcomes.peerWorker(peerWorkerId);
    const themself = worker !== null && worker.userId === actor.id;
    const coordinates =
      worker !== null && (isAdmin(actor) || (hasRole(actor, Role.Coordinator) && canActOnSite(actor, worker.siteId)));
    if (!worker || !(themself || coordinates)) throw new RecordNotFoundError('Peer worker', peerWorkerId);
    return worker;
  }
}
