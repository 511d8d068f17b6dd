import { Guard, StateMachine, Transition } from '../../common/state-machine/state-machine';
import { APPLICATION_STAGES, ApplicationStage as S, OPEN_STAGES, Pathway } from './recruitment-stage';

/** The facts a recruitment move is judged on, gathered by the service before the move. */
export interface ApplicationContext {
  pathway: Pathway;
  corePassed: boolean;
  panelIncludedPeerWorker: boolean;
  dbsCleared: boolean;
  occupationalHealthCleared: boolean;
  postAvailable: boolean;
  reservePlaceAvailable: boolean;
}

export const newRecruitsOnly: Guard<ApplicationContext> = {
  rule: 'pathway_new_recruit',
  holds: (c) => c.pathway === Pathway.NewRecruit,
  explain: 'Only new recruits (Pathway 1) go through the information event, application and interview',
};
export const existingWorkforceOnly: Guard<ApplicationContext> = {
  rule: 'pathway_existing_workforce',
  holds: (c) => c.pathway === Pathway.ExistingWorkforce,
  explain:
    'Only peer workers assigned from the existing workforce (Pathway 2) go from training straight to pre-employment checks',
};
export const trainingAssessmentPassed: Guard<ApplicationContext> = {
  rule: 'training_assessment_passed',
  holds: (c) => c.corePassed,
  explain: 'Every core training module must be assessed and passed first',
};
export const panelIncludedPeerWorker: Guard<ApplicationContext> = {
  rule: 'interview_panel_included_peer_worker',
  holds: (c) => c.panelIncludedPeerWorker,
  explain:
    'No offer unless the interview panel included a peer: a peer worker record of the site or an external peer with a verified role (peer leadership in recruitment is essential)',
};
export const dbsCleared: Guard<ApplicationContext> = {
  rule: 'dbs_cleared',
  holds: (c) => c.dbsCleared,
  explain: 'The DBS check must be recorded as cleared before appointment',
};
export const occupationalHealthCleared: Guard<ApplicationContext> = {
  rule: 'occupational_health_cleared',
  holds: (c) => c.occupationalHealthCleared,
  explain: 'Occupational Health clearance must be recorded before appointment',
};
export const postAvailable: Guard<ApplicationContext> = {
  rule: 'post_available',
  holds: (c) => c.postAvailable,
  explain: 'Every post of the campaign is filled: appoint to the reserve instead',
};
export const reservePlaceAvailable: Guard<ApplicationContext> = {
  rule: 'reserve_place_available',
  holds: (c) => c.reservePlaceAvailable,
  explain: 'Every reserve place of the campaign is filled',
};

const transitions: Transition<S, ApplicationContext>[] = [
  { from: [S.ExpressedInterest], to: S.AttendedInformationEvent, guards: [newRecruitsOnly] },
  { from: [S.AttendedInformationEvent, S.Assigned], to: S.InTraining },
  { from: [S.InTraining], to: S.TrainingAssessed, guards: [trainingAssessmentPassed] },
  { from: [S.TrainingAssessed], to: S.Applied, guards: [newRecruitsOnly] },
  { from: [S.Applied], to: S.Interviewed, guards: [newRecruitsOnly, trainingAssessmentPassed] },
  // The panel re-recorded (corrected, or a panel recorded before panels named records replaced by records).
  { from: [S.Interviewed], to: S.Interviewed, guards: [newRecruitsOnly] },
  { from: [S.Interviewed], to: S.Offered, guards: [panelIncludedPeerWorker] },
  { from: [S.Offered], to: S.PreEmploymentChecks },
  { from: [S.TrainingAssessed], to: S.PreEmploymentChecks, guards: [existingWorkforceOnly] },
  { from: [S.PreEmploymentChecks], to: S.Appointed, guards: [dbsCleared, occupationalHealthCleared, postAvailable] },
  {
    from: [S.PreEmploymentChecks],
    to: S.AppointedToReserve,
    guards: [dbsCleared, occupationalHealthCleared, reservePlaceAvailable],
  },
  { from: OPEN_STAGES, to: S.Withdrawn },
  { from: OPEN_STAGES, to: S.NotAppointed },
];

export const recruitmentMachine = new StateMachine<S, ApplicationContext>(
  'recruitment application',
  APPLICATION_STAGES,
  transitions,
);
