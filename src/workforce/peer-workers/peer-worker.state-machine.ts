import { Guard, StateMachine, Transition } from '../../common/state-machine/state-machine';
import { PEER_WORKER_STATUSES, PeerWorkerStatus as S } from './peer-worker-status';
import { READINESS_EXPLANATIONS, ReadinessCondition } from './readiness';

export interface PeerWorkerStatusContext {
  /** True when the recruitment workflow makes the move (training starts, appointment). */
  viaRecruitment: boolean;
  /** Readiness conditions not met, the appointment itself aside (activation is what appoints a reserve to work). */
  unmet: readonly ReadinessCondition[];
}

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
].map(readinessGuard);

const transitions: Transition<S, PeerWorkerStatusContext>[] = [
  { from: [S.Applicant], to: S.InTraining, guards: [madeByRecruitment] },
  { from: [S.InTraining], to: S.Appointed, guards: [madeByRecruitment] },
  { from: [S.InTraining], to: S.Reserve, guards: [madeByRecruitment] },
  // A reserve peer worker promoted into a post that has become free.
  { from: [S.Reserve], to: S.Appointed },
  { from: [S.Appointed, S.Reserve, S.Inactive], to: S.Active, guards: ACTIVATION_GUARDS },
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
