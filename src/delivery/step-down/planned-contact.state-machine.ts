import { StateMachine, Transition } from '../../common/state-machine/state-machine';
import type { SupportEpisodeState } from '../../episodes/support-episode.state-machine';
import { PLANNED_CONTACT_STATUSES, type PlannedContactStatus } from './entities/planned-contact.entity';

export { PLANNED_CONTACT_STATUSES, type PlannedContactStatus };

/** The facts the guards read, gathered by StepDownPlanService from the contact, its episode and the day. */
export interface PlannedContactFacts {
  /** The episode's state when the contact moves (after the episode's own move, when one caused it). */
  episodeState: SupportEpisodeState;
  /** The contact's due date and today, calendar dates in Europe/London (YYYY-MM-DD). */
  dueOn: string;
  today: string;
  /** Why, as it will be recorded: required for every move that is not an outcome. */
  reason: string | null;
}

type G = Transition<PlannedContactStatus, PlannedContactFacts>['guards'] & object;
type Guard = G[number];

const IN_COMMUNITY: readonly SupportEpisodeState[] = ['community_support', 'step_down'];

export const PLANNED_CONTACT_GUARDS = {
  episodeInCommunity: {
    rule: 'episode_in_community',
    holds: (f) => IN_COMMUNITY.includes(f.episodeState),
    explain: 'Outcomes are recorded, and a suspended plan resumes, only during community support and the step-down',
  },
  dueByToday: {
    rule: 'contact_due',
    holds: (f) => f.dueOn <= f.today,
    explain: 'A contact cannot be missed before it is due',
  },
  episodeReadmitted: {
    rule: 'episode_readmitted',
    holds: (f) => f.episodeState === 'readmitted',
    explain: 'Contacts are suspended only by a readmission',
  },
  reasonGiven: {
    rule: 'reason_given',
    holds: (f) => f.reason !== null && f.reason.trim().length > 0,
    explain: 'A suspension, resumption or cancellation records why',
  },
} satisfies Record<string, Guard>;

/**
 * A planned contact of the community plan (handbook 14): held or missed once it has taken place; suspended
 * by a readmission and planned again after the next discharge; cancelled when the plan no longer needs it
 * (episode ended, plan restarted, ending brought forward, contact paused for an absence). Held, missed and
 * cancelled are final: a correction is a new contact, so the fidelity record never changes under anyone.
 */
export const plannedContactMachine = new StateMachine<PlannedContactStatus, PlannedContactFacts>(
  'planned contact',
  PLANNED_CONTACT_STATUSES,
  [
    { from: ['planned'], to: 'held', guards: [PLANNED_CONTACT_GUARDS.episodeInCommunity] },
    {
      from: ['planned'],
      to: 'missed',
      guards: [PLANNED_CONTACT_GUARDS.episodeInCommunity, PLANNED_CONTACT_GUARDS.dueByToday],
    },
    {
      from: ['planned'],
      to: 'suspended',
      guards: [PLANNED_CONTACT_GUARDS.episodeReadmitted, PLANNED_CONTACT_GUARDS.reasonGiven],
    },
    {
      from: ['suspended'],
      to: 'planned',
      guards: [PLANNED_CONTACT_GUARDS.episodeInCommunity, PLANNED_CONTACT_GUARDS.reasonGiven],
    },
    { from: ['planned', 'suspended'], to: 'cancelled', guards: [PLANNED_CONTACT_GUARDS.reasonGiven] },
  ],
);
