import { InductionStep, PeerWorkerStatus } from './peer-worker-status';

/**
 * The conditions a peer worker must meet before being paired with a service user. Nobody works with
 * service users before DBS and Occupational Health clearance, passed training and induction (handbook 6–9).
 */
export enum ReadinessCondition {
  Appointed = 'appointed',
  DbsCleared = 'dbs_cleared',
  OccupationalHealthCleared = 'occupational_health_cleared',
  CoreTrainingPassed = 'core_training_passed',
  InductionComplete = 'induction_complete',
  CodeOfEthicsAcknowledged = 'code_of_ethics_acknowledged',
  DigitalCompetenciesCovered = 'digital_competencies_covered',
}

export const READINESS_CONDITIONS = Object.values(ReadinessCondition);

export const READINESS_EXPLANATIONS: Readonly<Record<ReadinessCondition, string>> = {
  [ReadinessCondition.Appointed]:
    'The peer worker must be appointed to role (a reserve peer worker must first be activated as cover)',
  [ReadinessCondition.DbsCleared]: 'The DBS check must be recorded as cleared',
  [ReadinessCondition.OccupationalHealthCleared]: 'Occupational Health clearance must be recorded',
  [ReadinessCondition.CoreTrainingPassed]: 'Every core training module must be assessed and passed',
  [ReadinessCondition.InductionComplete]:
    'Every induction step must be signed off (team induction, NHS/Trust induction, ward visits, shadowing)',
  [ReadinessCondition.CodeOfEthicsAcknowledged]:
    'The peer worker must acknowledge the current code of ethics themselves (signed in to their own account)',
  [ReadinessCondition.DigitalCompetenciesCovered]:
    'Every digital peer support competency the site requires must be covered by a training session the peer worker attended',
};

/** What readiness is decided from: plain facts gathered from the peer worker, training and induction records. */
export interface ReadinessFacts {
  status: PeerWorkerStatus;
  dbsClearedOn: string | null;
  occupationalHealthClearedOn: string | null;
  /** Codes of the core training modules not yet assessed-passed. */
  coreModulesNotPassed: readonly string[];
  inductionStepsDone: readonly InductionStep[];
  codeOfEthicsAcknowledgedOn: string | null;
  /** The site's required digital competencies the peer worker has not covered in an attended session. */
  digitalCompetenciesMissing: readonly string[];
}

export interface Readiness {
  ready: boolean;
  /** Every unmet condition, in a fixed order; empty exactly when ready. */
  unmet: ReadinessCondition[];
}

/** Statuses that count as appointed: in role now, or a reserve activated as cover (who then becomes active). */
const APPOINTED_STATUSES: readonly PeerWorkerStatus[] = [PeerWorkerStatus.Appointed, PeerWorkerStatus.Active];

/** The one rule for "may this peer worker be paired?", used by the readiness endpoint, activation and pairing. */
export function assessReadiness(facts: ReadinessFacts): Readiness {
  const met: Record<ReadinessCondition, boolean> = {
    [ReadinessCondition.Appointed]: APPOINTED_STATUSES.includes(facts.status),
    [ReadinessCondition.DbsCleared]: facts.dbsClearedOn != null,
    [ReadinessCondition.OccupationalHealthCleared]: facts.occupationalHealthClearedOn != null,
    [ReadinessCondition.CoreTrainingPassed]: facts.coreModulesNotPassed.length === 0,
    [ReadinessCondition.InductionComplete]: Object.values(InductionStep).every((step) =>
      facts.inductionStepsDone.includes(step),
    ),
    [ReadinessCondition.CodeOfEthicsAcknowledged]: facts.codeOfEthicsAcknowledgedOn != null,
    [ReadinessCondition.DigitalCompetenciesCovered]: facts.digitalCompetenciesMissing.length === 0,
  };
  const unmet = READINESS_CONDITIONS.filter((condition) => !met[condition]);
  return { ready: unmet.length === 0, unmet };
}
