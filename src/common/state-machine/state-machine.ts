import { Column } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { ForbiddenTransitionError } from '../errors/domain-errors';

/** A named condition a transition needs; `explain` says what is missing when it fails. */
export interface Guard<C> {
  rule: string;
  holds: (context: C) => boolean;
  explain: string;
}

export interface Transition<S extends string, C> {
  from: readonly S[];
  to: S;
  guards?: readonly Guard<C>[];
}

export type TransitionCheck = { allowed: true } | { allowed: false; rule: string; detail: string };

/**
 * One transition table per aggregate. The table is data: tests walk it to prove every allowed
 * transition works and every other pair is refused.
 */
export class StateMachine<S extends string, C = void> {
  constructor(
    readonly aggregate: string,
    readonly states: readonly S[],
    readonly transitions: readonly Transition<S, C>[],
  ) {}

  /** States reachable from `from` by the table alone (guards aside). */
  targetsFrom(from: S): S[] {
    return this.transitions.filter((t) => t.from.includes(from)).map((t) => t.to);
  }

  check(from: S, to: S, context: C): TransitionCheck {
    const transition = this.transitions.find((t) => t.to === to && t.from.includes(from));
    if (!transition) {
      return {
        allowed: false,
        rule: 'transition_not_in_table',
        detail: `A ${this.aggregate} cannot move from ${from} to ${to}`,
      };
    }
    for (const guard of transition.guards ?? []) {
      if (!guard.holds(context)) return { allowed: false, rule: guard.rule, detail: guard.explain };
    }
    return { allowed: true };
  }

  /** Throws ForbiddenTransitionError (409, naming the rule) when the move is not allowed. */
  assert(from: S, to: S, context: C): void {
    const result = this.check(from, to, context);
    if (!result.allowed) throw new ForbiddenTransitionError(this.aggregate, from, to, result.rule, result.detail);
  }
}

/** Columns every transition-history table shares: who moved what from where to where, when and why. */
export abstract class TransitionRecord extends BaseRecord {
  @Column({ type: 'text', nullable: true })
  fromState: string | null;

  @Column({ type: 'text' })
  toState: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
