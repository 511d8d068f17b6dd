/** Who supervision and urgent support go to, decided from who is named and who is away. */
export interface RoutingFacts {
  coordinatorUserId: string;
  deputyUserId: string | null;
  coordinatorAbsent: boolean;
  deputyAbsent: boolean;
}

export interface RoutingDecision extends RoutingFacts {
  responsibleUserId: string;
  responsibleAs: 'coordinator' | 'deputy';
  /** The coordinator is away and no deputy can step in: support must be escalated beyond the team. */
  uncovered: boolean;
}

/**
 * "Appropriate support always accessible" (handbook 11.3): the coordinator, or the named deputy while the
 * coordinator is absent. With no deputy available the coordinator stays named, flagged `uncovered`, so an
 * escalation still has an addressee and the gap is visible rather than silent.
 */
export function routeSupport(facts: RoutingFacts): RoutingDecision {
  if (facts.coordinatorAbsent && facts.deputyUserId !== null && !facts.deputyAbsent) {
    return { ...facts, responsibleUserId: facts.deputyUserId, responsibleAs: 'deputy', uncovered: false };
  }
  return {
    ...facts,
    responsibleUserId: facts.coordinatorUserId,
    responsibleAs: 'coordinator',
    uncovered: facts.coordinatorAbsent,
  };
}
