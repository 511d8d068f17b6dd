import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { ConflictError, RecordNotFoundError } from '../common/errors/domain-errors';
import { managesSite } from '../workforce/peer-workers/peer-workers.service';
import type { EpisodeMoved } from '../common/events/domain-event-map';
import { inCommunity, isDischargeMove } from '../episodes/support-episode.state-machine';
import { OnDomainEvent } from '../common/events/on-domain-event.decorator';
import { ProvidesReminders, type ReminderProvider } from '../scheduling/reminders/provides-reminders';
import type { OverdueItem, OverdueItemSource, ReminderPolicy } from '../scheduling/reminders/reminder-policy';
import { escalationLevelOf } from './attention-escalation';
import { ATTENTION_KINDS, AttentionItem, type AttentionKind } from './entities/attention-item.entity';

export interface AttentionNeeded {
  siteId: string;
  episodeId: string;
  serviceUserId: string;
  kind: AttentionKind;
  summary: string;
  details?: Record<string, unknown>;
}

/**
 * The coordinator's attention queue: episodes nobody else is responsible for right now. Other areas open
 * items inside their own move's transaction (opening twice is a no-op) and resolve them when they mend it.
 */
@Injectable()
@ProvidesReminders()
export class AttentionService implements ReminderProvider {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Puts the episode on the queue for this kind, unless an open item of that kind is already there. */
  async open(manager: EntityManager, actor: Actor, needed: AttentionNeeded): Promise<AttentionItem> {
    const existing = await manager.findOneBy(AttentionItem, {
      episodeId: needed.episodeId,
      kind: needed.kind,
      state: 'open',
    });
    if (existing) return existing;
    const item = await manager.save(
      manager.create(AttentionItem, {
        ...needed,
        details: needed.details ?? {},
        state: 'open',
        openedById: actor.id,
        resolvedAt: null,
        resolvedById: null,
        resolution: null,
      }),
    );
    await this.audit.record(
      {
        actor,
        action: 'attention.open',
        resourceType: 'attention_item',
        resourceId: item.id,
        serviceUserId: needed.serviceUserId,
        details: { kind: needed.kind, episodeId: needed.episodeId },
      },
      manager,
    );
    return item;
  }

  /** The move that mends it (a re-pairing, a pairing, an ending) resolves the episode's open items of these kinds. */
  async resolveFor(
    manager: EntityManager,
    actor: Actor,
    episodeId: string,
    kinds: readonly AttentionKind[],
    resolution: string,
  ): Promise<number> {
    const items = await manager.findBy(AttentionItem, { episodeId, kind: In([...kinds]), state: 'open' });
    for (const item of items) {
      Object.assign(item, { state: 'resolved', resolution, resolvedById: actor.id, resolvedAt: new Date() });
      await manager.save(item);
      await this.audit.record(
        {
          actor,
          action: 'attention.resolve',
          resourceType: 'attention_item',
          resourceId: item.id,
          serviceUserId: item.serviceUserId,
          details: { kind: item.kind, resolution },
        },
        manager,
      );
    }
    return items.length;
  }

  /** Resolves the open items of `kind` opened for one cause (details.`key` = `value`, e.g. an absence): that cause is over. */
  async resolveCause(
    manager: EntityManager,
    actor: Actor,
    kind: AttentionKind,
    cause: { key: string; value: string },
    resolution: string,
  ): Promise<number> {
    const items = (await manager.findBy(AttentionItem, { kind, state: 'open' })).filter(
      (i) => i.details[cause.key] === cause.value,
    );
    let resolved = 0;
    for (const item of items) resolved += await this.resolveFor(manager, actor, item.episodeId, [kind], resolution);
    return resolved;
  }

  reminderPolicies(): ReminderPolicy[] {
    return [];
  }

  /**
   * The daily digest lists every open item of the site (a leaver's caseload, an absence without cover, an urgent
   * pairing …) with the days it has waited: re-notified each morning, its level rising until someone mends it.
   */
  overdueItemSources(): OverdueItemSource[] {
    return [
      {
        name: 'attention-queue',
        overdueAt: async (siteId: string, now: Date, manager: EntityManager): Promise<OverdueItem[]> => {
          const items = await manager.find(AttentionItem, {
            where: { siteId, state: 'open' },
            order: { createdAt: 'ASC', id: 'ASC' },
          });
          return items.map((i) => {
            const level = escalationLevelOf(i.createdAt, now);
            return {
              kind: `attention.${i.kind}`,
              subjectType: 'support_episode',
              subjectId: i.episodeId,
              dueAt: i.createdAt,
              summary: `${i.summary} (waiting ${level === 0 ? 'since today' : `${level} day${level === 1 ? '' : 's'}`})`,
              escalationLevel: level,
            };
          });
        },
      },
    ];
  }

  /** An ended episode needs no one: its open items close with it. */
  @OnDomainEvent('episode.moved', { order: 40 })
  async closeItemsOfEndedEpisode(manager: EntityManager, actor: Actor, { episode, to }: EpisodeMoved): Promise<void> {
    if (to === 'ended')
      await this.resolveFor(
        manager,
        actor,
        episode.id,
        ATTENTION_KINDS,
        `Episode ended (${episode.endingReason ?? 'no reason given'})`,
      );
  }

  /**
   * Wards discharge at short notice (handbook 13): a discharge before the first ward meeting is flagged, and
   * one before pairing puts the episode on the urgent-pairing queue with the discharge date. Pairing it
   * resolves the urgent item (PairingService); the coordinator resolves the flag saying what was done.
   */
  @OnDomainEvent('episode.moved', { order: 35 })
  async flagEarlyDischarge(manager: EntityManager, actor: Actor, { episode, from, to }: EpisodeMoved): Promise<void> {
    const base = { siteId: episode.siteId, episodeId: episode.id, serviceUserId: episode.serviceUserId };
    const details = { dischargedOn: episode.dischargedOn, stateAtDischarge: from };
    const discharged = isDischargeMove(from, to) && from !== 'readmitted';
    if (discharged && episode.firstWardMeetingAt === null && from !== 'allocated_usual_care') {
      await this.open(manager, actor, {
        ...base,
        kind: 'discharged_before_ward_meeting',
        summary: `Discharged on ${episode.dischargedOn} before the first ward meeting (${from})`,
        details,
      });
    }
    // Before pairing: discharged while awaiting pairing, or allocated to peer support after being discharged.
    const unpaired =
      to === 'awaiting_pairing' &&
      episode.peerWorkerId === null &&
      inCommunity(episode) &&
      (discharged || from === 'referred');
    if (unpaired) {
      await this.open(manager, actor, {
        ...base,
        kind: 'urgent_pairing',
        summary: `Discharged on ${episode.dischargedOn} and not yet paired: pair urgently`,
        details,
      });
    }
  }

  /** Open episodes on the queue, oldest first (they have waited longest). */
  async list(actor: Actor, siteId: string, state: 'open' | 'resolved' = 'open'): Promise<AttentionItem[]> {
    if (!managesSite(actor, siteId)) throw new RecordNotFoundError('Site', siteId);
    const items = await this.dataSource
      .getRepository(AttentionItem)
      .find({ where: { siteId, state }, order: { createdAt: 'ASC', id: 'ASC' }, take: 500 });
    await this.audit.recordList(
      actor,
      'attention_item',
      items.map((i) => i.id),
      { siteId, state },
      items.map((i) => i.serviceUserId),
    );
    return items;
  }

  /** Open items of the episode (for other areas' reads and tests of responsibility). */
  async openFor(
    episodeIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AttentionItem[]> {
    if (episodeIds.length === 0) return [];
    return manager.findBy(AttentionItem, { episodeId: In([...episodeIds]), state: 'open' });
  }

  async resolve(actor: Actor, id: string, resolution: string): Promise<AttentionItem> {
    const visible = await this.dataSource.getRepository(AttentionItem).findOneBy({ id });
    if (!visible || !managesSite(actor, visible.siteId)) throw new RecordNotFoundError('Attention item', id);
    return this.dataSource.transaction(async (manager) => {
      const item = await manager.findOneOrFail(AttentionItem, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (item.state === 'resolved') throw new ConflictError('This item is already resolved', 'already_resolved');
      Object.assign(item, { state: 'resolved', resolution, resolvedById: actor.id, resolvedAt: new Date() });
      const saved = await manager.save(item);
      await this.audit.record(
        {
          actor,
          action: 'attention.resolve',
          resourceType: 'attention_item',
          resourceId: id,
          serviceUserId: item.serviceUserId,
          details: { kind: item.kind, resolution },
        },
        manager,
      );
      return saved;
    });
  }
}
