import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import type { SupportEpisode } from './entities/support-episode.entity';
import type { SupportEpisodeState } from './support-episode.state-machine';

export interface EpisodeMove {
  /** The episode as saved after the move. */
  episode: SupportEpisode;
  from: SupportEpisodeState;
  to: SupportEpisodeState;
  /** Why, as recorded in the transition history. */
  reason?: string | null;
}

/** An area that must act in the same transaction as an episode's move (the step-down plan on discharge, readmission, ending). */
export interface SupportEpisodeListener {
  afterMove(manager: EntityManager, actor: Actor, move: EpisodeMove): Promise<void>;
}

/**
 * Lets later areas hook into episode moves without EpisodesModule importing them (they import
 * EpisodesModule): a listener registers itself on module init and runs inside the move's transaction,
 * so a failure rolls the move back too.
 */
@Injectable()
export class SupportEpisodeHooks {
  private readonly listeners: SupportEpisodeListener[] = [];

  register(listener: SupportEpisodeListener): void {
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  }

  async afterMove(manager: EntityManager, actor: Actor, move: EpisodeMove): Promise<void> {
    for (const listener of this.listeners) await listener.afterMove(manager, actor, move);
  }
}
