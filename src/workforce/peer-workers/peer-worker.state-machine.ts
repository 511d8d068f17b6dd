import { Guard, StateMachine, Transition } from '../../common/state-machine/state-machine';
import { PEER_WORKER_STATUSES, PeerWorkerStatus as S } from './peer-worker-status';
import { READINESS_EXPLANATIONS, ReadinessCondition } from './readiness';

export interface PeerWorkerStatusContext {
  /** True when the recruitment workflow makes the move (training starts, appointment). */
  viaRecruitment: boolean;
  /** Readiness conditions not met, the appointment itself aside (activation is what appoints a reserve to work). */
  unmet: readonly ReadinessCondition[];
  /**
   * A reserve induction is on record (handbook 15.3). Filled in by PeerWorkersService.moveStatus itself, so
   * activating a reserve meets the same guard wherever it happens (POST …/status, cover planning).
   */
  reserveInductionRecorded: boolean;
}

/** What a caller of moveStatus supplies; the reserve induction fact is looked up by the move itself. */
export type StatusMoveContext = Omit<PeerWorkerStatusContext, 'reserveInductionRecorded'>;

const madeByRecruitment: Guard<PeerWorkerStatusContext> = {
  rule: 'recruitment_workflow',
  holds: (c) => c.viaRecruitment,
  explain:
    'Starting training and appointment are steps of the recruitment workflow: move the recruitment application instead',
};

const readinessGuard = (condition: ReadinessCondition): Guard<PeerWorkerStatusContext> => ({
  rule: condition,
  holds: (c) => !c.unmet.includes(condition),
  explain: READINESS_EXPLANATIONS[condition],
});

/** Activation (taking a caseload, or a reserve activated as cover) needs every readiness condition but the appointment. */
export const ACTIVATION_GUARDS = [
  ReadinessCondition.DbsCleared,
  ReadinessCondition.OccupationalHealthCleared,
  ReadinessCondition.CoreTrainingPassed,
  ReadinessCondition.InductionComplete,
  ReadinessCondition.CodeOfEthicsAcknowledged,
  ReadinessCondition.DigitalCompetenciesCovered,
].map(readinessGuard);

/** The one guard on activating a reserve: cover planning checks the same rule, by the same name, before it moves. */
export const RESERVE_INDUCTION_RECORDED: Guard<PeerWorkerStatusContext> = {
  rule: 'reserve_induction_recorded',
  holds: (c) => c.reserveInductionRecorded,
  explain: 'Record the reserve peer worker’s induction and support before activating them (handbook 15.3)',
};

const transitions: Transition<S, PeerWorkerStatusContext>[] = [
  { from: [S.Applicant], to: S.InTraining, guards: [madeByRecruitment] },
  { from: [S.InTraining], to: S.Appointed, guards: [madeByRecruitment] },
  { from: [S.InTraining], to: S.Reserve, guards: [madeByRecruitment] },
  // A reserve peer worker promoted into a post that has become free.
  { from: [S.Reserve], to: S.Appointed },
  { from: [S.Appointed, S.Inactive], to: S.Active, guards: ACTIVATION_GUARDS },
  // A reserve activated (as cover or into a caseload) has been inducted back into the team first.
  { from: [S.Reserve], to: S.Active, guards: [...ACTIVATION_GUARDS, RESERVE_INDUCTION_RECORDED] },
  { from: [S.Active], to: S.Inactive },
  // An active reserve returns to the reserve pool when the cover ends.
  { from: [S.Active], to: S.Reserve },
  { from: [S.Applicant, S.InTraining, S.Appointed, S.Reserve, S.Active, S.Inactive], to: S.Left },
];

export const peerWorkerStatusMachine = new StateMachine<S, PeerWorkerStatusContext>(
  'peer worker',
  PEER_WORKER_STATUSES,
  transitions,
);
