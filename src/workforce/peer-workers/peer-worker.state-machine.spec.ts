import { ForbiddenTransitionError } from '../../common/errors/domain-errors';
import { PEER_WORKER_STATUSES, PeerWorkerStatus as S } from './peer-worker-status';
import {
  ACTIVATION_GUARDS,
  RESERVE_INDUCTION_RECORDED,
  peerWorkerStatusMachine as machine,
  PeerWorkerStatusContext,
} from './peer-worker.state-machine';
import { READINESS_CONDITIONS, ReadinessCondition } from './readiness';

const allClear: PeerWorkerStatusContext = { viaRecruitment: true, unmet: [], reserveInductionRecorded: true };
const outside = (unmet: ReadinessCondition[] = []): PeerWorkerStatusContext => ({
  viaRecruitment: false,
  unmet,
  reserveInductionRecorded: true,
});

const ALLOWED: ReadonlyArray<[S, S]> = [
  [S.Applicant, S.InTraining],
  [S.InTraining, S.Appointed],
  [S.InTraining, S.Reserve],
  [S.Reserve, S.Appointed],
  [S.Appointed, S.Active],
  [S.Reserve, S.Active],
  [S.Inactive, S.Active],
  [S.Active, S.Inactive],
  [S.Active, S.Reserve],
  [S.Applicant, S.Left],
  [S.InTraining, S.Left],
  [S.Appointed, S.Left],
  [S.Reserve, S.Left],
  [S.Active, S.Left],
  [S.Inactive, S.Left],
];

describe('peer worker status machine', () => {
  const pairs = PEER_WORKER_STATUSES.flatMap((from) => PEER_WORKER_STATUSES.map((to) => [from, to] as [S, S]));

  it.each(ALLOWED)('allows %s → %s when its conditions hold', (from, to) => {
    expect(machine.check(from, to, allClear)).toEqual({ allowed: true });
  });

  it.each(pairs.filter(([f, t]) => !ALLOWED.some(([a, b]) => a === f && b === t)))(
    'refuses %s → %s as not in the table',
    (from, to) => {
      expect(machine.check(from, to, allClear)).toMatchObject({ allowed: false, rule: 'transition_not_in_table' });
    },
  );

  it.each([
    [S.Applicant, S.InTraining],
    [S.InTraining, S.Appointed],
    [S.InTraining, S.Reserve],
  ])('refuses %s → %s outside the recruitment workflow', (from, to) => {
    expect(machine.check(from, to, outside())).toMatchObject({
      allowed: false,
      rule: 'recruitment_workflow',
    });
  });

  const activationConditions = READINESS_CONDITIONS.filter((c) => c !== ReadinessCondition.Appointed);
  it('guards activation with every readiness condition but the appointment itself', () => {
    expect(ACTIVATION_GUARDS.map((g) => g.rule).sort()).toEqual([...activationConditions].sort());
  });

  it.each(
    activationConditions.flatMap((condition) =>
      [S.Appointed, S.Reserve, S.Inactive].map((from) => [from, condition] as [S, ReadinessCondition]),
    ),
  )('refuses to activate a peer worker from %s while %s is unmet, naming it', (from, condition) => {
    expect(machine.check(from, S.Active, outside([condition]))).toMatchObject({
      allowed: false,
      rule: condition,
    });
    expect(() => machine.assert(from, S.Active, outside([condition]))).toThrow(ForbiddenTransitionError);
  });

  it('activates a peer worker outside recruitment once every condition is met', () => {
    expect(machine.check(S.Appointed, S.Active, outside())).toEqual({ allowed: true });
  });

  it('refuses to activate a reserve peer worker before their reserve induction is recorded (handbook 15.3)', () => {
    const noInduction = { ...outside(), reserveInductionRecorded: false };
    expect(machine.check(S.Reserve, S.Active, noInduction)).toMatchObject({
      allowed: false,
      rule: RESERVE_INDUCTION_RECORDED.rule,
    });
    // Only a reserve's activation needs it: an appointed or inactive peer worker was never away from the team's induction.
    expect(machine.check(S.Appointed, S.Active, noInduction)).toEqual({ allowed: true });
    expect(machine.check(S.Inactive, S.Active, noInduction)).toEqual({ allowed: true });
  });
});
