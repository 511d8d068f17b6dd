import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import type { AbsenceState } from './absence.state-machine';
import type { Absence } from './entities/absence.entity';

export interface AbsenceChange {
  /** The absence as saved after the change. */
  absence: Absence;
  /** `transition`: started, ended or cancelled; `expected_end`: the expected return moved. */
  change: 'transition' | 'expected_end';
  from: AbsenceState;
}

/** An area that acts in the same transaction as an absence changes (cover ends when the absence ends). */
export interface AbsenceListener {
  afterChange(manager: EntityManager, actor: Actor, change: AbsenceChange): Promise<void>;
}

/**
 * Lets cover planning hook into absences without AbsenceModule importing it: a listener registers on
 * module init and runs inside the change's transaction, so a failure rolls the change back too.
 */
@Injectable()
export class AbsenceHooks {
  private readonly listeners: AbsenceListener[] = [];

  register(listener: AbsenceListener): void {
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  }

  async afterChange(manager: EntityManager, actor: Actor, change: AbsenceChange): Promise<void> {
    for (const listener of this.listeners) await listener.afterChange(manager, actor, change);
  }
}
