import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { RecordNotFoundError } from '../common/errors/domain-errors';
import type { Page } from '../common/pagination/page';
import { ServiceUserScopes } from '../service-users/service-user-scope.service';
import { ServiceUsersService } from '../service-users/service-users.service';
import type { SupportEpisodeQuery } from './dto/support-episode.dto';
import { SupportEpisode } from './entities/support-episode.entity';
import { SupportEpisodeTransition } from './entities/support-episode-transition.entity';
import { EpisodesRepository } from './episodes.repository';

/** Support episodes as the caller's scope shows them (every HTTP read audited), or unscoped for other areas' own checks. */
@Injectable()
export class ScopedEpisodes {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly serviceUsers: ServiceUsersService,
    private readonly scopes: ServiceUserScopes,
    private readonly audit: AuditService,
    private readonly episodes: EpisodesRepository,
  ) {}

  async list(actor: Actor, query: SupportEpisodeQuery): Promise<Page<SupportEpisode>> {
    const page = await this.episodes.list(await this.scopes.of(actor), query);
    await this.audit.recordList(
      actor,
      'support_episode',
      page.items.map((e) => e.id),
      { count: page.items.length },
      page.items.map((e) => e.serviceUserId),
    );
    return page;
  }

  async get(actor: Actor, id: string): Promise<SupportEpisode> {
    const episode = await this.findVisible(actor, id, 'support_episode.read');
    await this.audit.record({
      actor,
      action: 'support_episode.read',
      resourceType: 'support_episode',
      resourceId: id,
      serviceUserId: episode.serviceUserId,
    });
    return episode;
  }

  async history(actor: Actor, id: string): Promise<SupportEpisodeTransition[]> {
    const episode = await this.findVisible(actor, id, 'support_episode.history');
    const rows = await this.dataSource
      .getRepository(SupportEpisodeTransition)
      .find({ where: { episodeId: id }, order: { occurredAt: 'ASC', createdAt: 'ASC' } });
    await this.audit.record({
      actor,
      action: 'support_episode.history',
      resourceType: 'support_episode',
      resourceId: id,
      serviceUserId: episode.serviceUserId,
    });
    return rows;
  }

  /**
   * The episode if the caller's scope covers it (its service user's site or ward, or a pairing with this
   * episode); otherwise 404, audited as denied. For other areas too (pairing, delivery).
   */
  async findVisible(actor: Actor, id: string, action: string): Promise<SupportEpisode> {
    const episode = await this.dataSource.getRepository(SupportEpisode).findOneBy({ id });
    const serviceUser = episode ? await this.serviceUsers.findForArea(episode.serviceUserId).catch(() => null) : null;
    if (episode && serviceUser && ServiceUserScopes.coversEpisode(await this.scopes.of(actor), episode.id, serviceUser))
      return episode;
    await this.audit.record({
      actor,
      action,
      resourceType: 'support_episode',
      resourceId: id,
      serviceUserId: episode?.serviceUserId ?? null,
      outcome: 'denied',
    });
    throw new RecordNotFoundError('Support episode', id);
  }

  /**
   * An episode by id with no caller scope, for other areas that check access their own way (the
   * step-down plan lets the paired peer worker in); with `manager` and `lock`, the row is locked.
   */
  async findForArea(id: string, manager?: EntityManager, lock = false): Promise<SupportEpisode> {
    const m = manager ?? this.dataSource.manager;
    const episode = await m.findOne(SupportEpisode, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!episode) throw new RecordNotFoundError('Support episode', id);
    return episode;
  }
}
