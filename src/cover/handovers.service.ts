import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AbsenceService } from '../absence/absence.service';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { AccessDeniedError, ConflictError, RecordNotFoundError } from '../common/errors/domain-errors';
import { managesSite, PeerWorkersService } from '../workforce/peer-workers/peer-workers.service';
import { DomainEvents } from '../common/events/domain-events.service';
import type { WriteHandoverRequest } from './dto/cover.dto';
import { SupportEpisodesService } from '../episodes/support-episodes.service';
import type { CoverArrangement } from './entities/cover-arrangement.entity';
import { HandoverDirection, HandoverNote } from './entities/handover-note.entity';
import { coverStartsAt } from './cover-rules';
import { CoverRepository } from './cover.repository';

/**
 * Handovers and hand-backs (handbook 11.4, 13.6): written per episode under a cover arrangement, risk and
 * safety first; acknowledged by the peer worker they are for. The covering peer worker's first covered
 * meeting waits for the handover's acknowledgement (the gate delivery asks).
 */
@Injectable()
export class HandoversService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cover: CoverRepository,
    private readonly absences: AbsenceService,
    private readonly episodes: SupportEpisodesService,
    private readonly peerWorkers: PeerWorkersService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * The handover: by the absent peer worker (when the absence was planned) or the coordinator, to the
   * covering (or new) peer worker. The hand-back: by the covering peer worker or the coordinator, to the
   * regular one (cover arrangements only: a re-pairing is for good).
   */
  async write(
    actor: Actor,
    arrangementId: string,
    direction: HandoverDirection,
    request: WriteHandoverRequest,
  ): Promise<HandoverNote> {
    const arrangement = await this.visibleArrangement(actor, arrangementId);
    if (arrangement.arrangement === 'pause')
      throw new ConflictError(
        'Contact is paused: there is no covering peer worker to hand over to',
        'covering_peer_worker_named',
      );
    if (direction === 'hand_back' && arrangement.arrangement !== 'cover')
      throw new ConflictError('A re-pairing is for good: there is nothing to hand back', 'hand_back_after_cover');
    const coordinator = managesSite(actor, arrangement.siteId);
    const own = await this.peerWorkers.findByUserId(actor.id);
    if (!coordinator) {
      if (direction === 'handover') {
        const absence = await this.absences.findById(arrangement.absenceId);
        if (own?.id !== arrangement.absentPeerWorkerId || !absence.planned) {
          throw new AccessDeniedError(
            'The handover is written by the coordinator, or by the absent peer worker before a planned absence',
          );
        }
      } else if (own?.id !== arrangement.coveringPeerWorkerId) {
        throw new AccessDeniedError('The hand-back is written by the covering peer worker or the coordinator');
      }
    }
    const to = direction === 'handover' ? arrangement.coveringPeerWorkerId! : arrangement.absentPeerWorkerId;
    const { serviceUserId } = await this.episodes.findForArea(arrangement.episodeId);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const note = await manager.save(
          manager.create(HandoverNote, {
            arrangementId,
            absenceId: arrangement.absenceId,
            episodeId: arrangement.episodeId,
            serviceUserId,
            siteId: arrangement.siteId,
            direction,
            toPeerWorkerId: to,
            authorId: actor.id,
            riskAndSafety: request.riskAndSafety,
            currentSituation: request.currentSituation ?? null,
            comingUp: request.comingUp ?? null,
            serviceUserWishes: request.serviceUserWishes ?? null,
            acknowledgedAt: null,
            acknowledgedById: null,
          }),
        );
        await this.audit.record(
          {
            actor,
            action: `${direction}.write`,
            resourceType: 'handover_note',
            resourceId: note.id,
            serviceUserId: note.serviceUserId,
            details: { arrangementId, episodeId: note.episodeId },
          },
          manager,
        );
        await this.events.emit(
          manager,
          actor,
          'handover.written',
          { note, arrangement },
          {
            outbox: [
              {
                type: 'handover.written',
                aggregateType: 'handover_note',
                aggregateId: note.id,
                payload: {
                  noteId: note.id,
                  arrangementId,
                  absenceId: arrangement.absenceId,
                  episodeId: note.episodeId,
                  siteId: note.siteId,
                  direction,
                  toPeerWorkerId: to,
                  arrangementState: arrangement.state,
                  coverStartsAt: coverStartsAt(arrangement.startsOn, new Date()).toISOString(),
                },
              },
            ],
          },
        );
        return note;
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505') {
        throw new ConflictError(
          `The ${direction.replace('_', '-')} for this episode has already been written`,
          'written_once',
        );
      }
      throw error;
    }
  }

  /** GET …/handover-notes: the coordinator, and the peer workers on either side of the arrangement. */
  async list(actor: Actor, arrangementId: string): Promise<HandoverNote[]> {
    const arrangement = await this.visibleArrangement(actor, arrangementId);
    const notes = await this.cover.notesOf(arrangementId);
    for (const note of notes) {
      await this.audit.record({
        actor,
        action: `${note.direction}.read`,
        resourceType: 'handover_note',
        resourceId: note.id,
        serviceUserId: note.serviceUserId,
        details: { arrangementId: arrangement.id },
      });
    }
    return notes;
  }

  /** Only the peer worker it is for acknowledges it (nobody acknowledges on their behalf). */
  async acknowledge(actor: Actor, noteId: string): Promise<HandoverNote> {
    return this.dataSource.transaction(async (manager) => {
      const note = await this.cover.lockNote(noteId, manager);
      const own = await this.peerWorkers.findByUserId(actor.id, manager);
      if (!note) throw new RecordNotFoundError('Handover note', noteId);
      if (own?.id !== note.toPeerWorkerId) {
        await this.visibleArrangement(actor, note.arrangementId, manager);
        throw new AccessDeniedError('Only the peer worker the note is for acknowledges it');
      }
      if (note.acknowledgedAt) throw new ConflictError('Already acknowledged', 'acknowledged_once');
      note.acknowledgedAt = new Date();
      note.acknowledgedById = actor.id;
      const saved = await manager.save(note);
      await this.audit.record(
        {
          actor,
          action: `${note.direction}.acknowledge`,
          resourceType: 'handover_note',
          resourceId: note.id,
          serviceUserId: note.serviceUserId,
        },
        manager,
      );
      await this.events.emit(
        manager,
        actor,
        'handover.acknowledged',
        { note: saved },
        {
          outbox: [
            {
              type: 'handover.acknowledged',
              aggregateType: 'handover_note',
              aggregateId: note.id,
              payload: {
                noteId: note.id,
                arrangementId: note.arrangementId,
                episodeId: note.episodeId,
                direction: note.direction,
              },
            },
          ],
        },
      );
      return saved;
    });
  }

  /** The coordinator of the site, the absent peer worker and the covering one see an arrangement; otherwise 404. */
  private async visibleArrangement(
    actor: Actor,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CoverArrangement> {
    const arrangement = await this.cover.findArrangement(id, manager);
    if (arrangement) {
      if (managesSite(actor, arrangement.siteId)) return arrangement;
      const own = await this.peerWorkers.findByUserId(actor.id, manager);
      if (own && (own.id === arrangement.absentPeerWorkerId || own.id === arrangement.coveringPeerWorkerId))
        return arrangement;
    }
    await this.audit.record({
      actor,
      action: 'cover_arrangement.read',
      resourceType: 'cover_arrangement',
      resourceId: id,
      outcome: 'denied',
    });
    throw new RecordNotFoundError('Cover arrangement', id);
  }
}
