import fc from 'fast-check';
import { INDUCTION_STEPS, PEER_WORKER_STATUSES, PeerWorkerStatus } from './peer-worker-status';
import { assessReadiness, READINESS_CONDITIONS, ReadinessCondition, ReadinessFacts } from './readiness';

const CORE = ['boundaries_and_relationships', 'risk_and_safety', 'discharge_transition'];
/** What a site that requires digital competencies asks for (most sites require none). */
const DIGITAL = ['digital_communication_skills', 'digital_monitoring_and_crisis'];

const nothingDone: ReadinessFacts = {
  status: PeerWorkerStatus.InTraining,
  dbsClearedOn: null,
  occupationalHealthClearedOn: null,
  coreModulesNotPassed: CORE,
  inductionStepsDone: [],
  codeOfEthicsAcknowledgedOn: null,
  digitalCompetenciesMissing: DIGITAL,
};

/** The steps a coordinator completes, in any order; some conditions take several steps. */
type Step =
  | { kind: 'appoint' }
  | { kind: 'dbs' }
  | { kind: 'oh' }
  | { kind: 'pass'; module: string }
  | { kind: 'induct'; step: (typeof INDUCTION_STEPS)[number] }
  | { kind: 'ethics' }
  | { kind: 'cover'; competency: string };

const ALL_STEPS: Step[] = [
  { kind: 'appoint' },
  { kind: 'dbs' },
  { kind: 'oh' },
  ...CORE.map((module) => ({ kind: 'pass' as const, module })),
  ...INDUCTION_STEPS.map((step) => ({ kind: 'induct' as const, step })),
  { kind: 'ethics' },
  ...DIGITAL.map((competency) => ({ kind: 'cover' as const, competency })),
];

function apply(facts: ReadinessFacts, step: Step): ReadinessFacts {
  switch (step.kind) {
    case 'appoint':
      return { ...facts, status: PeerWorkerStatus.Appointed };
    case 'dbs':
      return { ...facts, dbsClearedOn: '2026-03-02' };
    case 'oh':
      return { ...facts, occupationalHealthClearedOn: '2026-03-03' };
    case 'pass':
      return { ...facts, coreModulesNotPassed: facts.coreModulesNotPassed.filter((m) => m !== step.module) };
    case 'induct':
      return { ...facts, inductionStepsDone: [...facts.inductionStepsDone, step.step] };
    case 'ethics':
      return { ...facts, codeOfEthicsAcknowledgedOn: '2026-03-04' };
    case 'cover':
      return {
        ...facts,
        digitalCompetenciesMissing: facts.digitalCompetenciesMissing.filter((c) => c !== step.competency),
      };
  }
}

/** Which condition a step contributes to, for the independent oracle below. */
const conditionOf = (step: Step): ReadinessCondition =>
  ({
    appoint: ReadinessCondition.Appointed,
    dbs: ReadinessCondition.DbsCleared,
    oh: ReadinessCondition.OccupationalHealthCleared,
    pass: ReadinessCondition.CoreTrainingPassed,
    induct: ReadinessCondition.InductionComplete,
    ethics: ReadinessCondition.CodeOfEthicsAcknowledged,
    cover: ReadinessCondition.DigitalCompetenciesCovered,
  })[step.kind];

describe('readiness to be paired', () => {
  it('lists every condition by name for a peer worker still in training', () => {
    expect(assessReadiness(nothingDone)).toEqual({ ready: false, unmet: READINESS_CONDITIONS });
  });

  it('becomes empty exactly when every condition is met, whatever order they are completed in', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(ALL_STEPS, { minLength: ALL_STEPS.length, maxLength: ALL_STEPS.length }),
        (order) => {
          let facts = nothingDone;
          order.forEach((step, index) => {
            facts = apply(facts, step);
            const done = order.slice(0, index + 1);
            // A condition is met when all of its steps are done.
            const expectedUnmet = READINESS_CONDITIONS.filter((c) =>
              ALL_STEPS.filter((s) => conditionOf(s) === c).some((s) => !done.includes(s)),
            );
            const result = assessReadiness(facts);
            expect(result.unmet).toEqual(expectedUnmet);
            expect(result.ready).toBe(index === order.length - 1);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('asks nothing digital of a peer worker at a site that requires no digital competencies', () => {
    const allElse = ALL_STEPS.filter((s) => s.kind !== 'cover').reduce(apply, nothingDone);
    expect(assessReadiness(allElse).unmet).toEqual([ReadinessCondition.DigitalCompetenciesCovered]);
    expect(assessReadiness({ ...allElse, digitalCompetenciesMissing: [] })).toEqual({ ready: true, unmet: [] });
  });

  it('treats a reserve peer worker as not appointed until activated as cover, and any other status but appointed or active likewise', () => {
    const allElse = ALL_STEPS.filter((s) => s.kind !== 'appoint').reduce(apply, nothingDone);
    for (const status of PEER_WORKER_STATUSES) {
      const { unmet } = assessReadiness({ ...allElse, status });
      expect(unmet).toEqual(
        status === PeerWorkerStatus.Appointed || status === PeerWorkerStatus.Active
          ? []
          : [ReadinessCondition.Appointed],
      );
    }
  });
});
