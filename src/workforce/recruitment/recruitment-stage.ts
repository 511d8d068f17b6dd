/** Pathway 1 recruits new peer workers; Pathway 2 assigns someone from the existing peer workforce (handbook 6). */
export enum Pathway {
  NewRecruit = 'new_recruit',
  ExistingWorkforce = 'existing_workforce',
}

export const PATHWAYS = Object.values(Pathway);

export enum ApplicationStage {
  ExpressedInterest = 'expressed_interest',
  Assigned = 'assigned',
  AttendedInformationEvent = 'attended_information_event',
  InTraining = 'in_training',
  TrainingAssessed = 'training_assessed',
  Applied = 'applied',
  Interviewed = 'interviewed',
  Offered = 'offered',
  PreEmploymentChecks = 'pre_employment_checks',
  Appointed = 'appointed',
  AppointedToReserve = 'appointed_to_reserve',
  Withdrawn = 'withdrawn',
  NotAppointed = 'not_appointed',
}

export const APPLICATION_STAGES = Object.values(ApplicationStage);

export const CLOSED_STAGES: readonly ApplicationStage[] = [
  ApplicationStage.Appointed,
  ApplicationStage.AppointedToReserve,
  ApplicationStage.Withdrawn,
  ApplicationStage.NotAppointed,
];
export const OPEN_STAGES = APPLICATION_STAGES.filter((s) => !CLOSED_STAGES.includes(s));

/** Where each pathway starts. */
export const FIRST_STAGE: Readonly<Record<Pathway, ApplicationStage>> = {
  [Pathway.NewRecruit]: ApplicationStage.ExpressedInterest,
  [Pathway.ExistingWorkforce]: ApplicationStage.Assigned,
};

export interface InterviewPanelMember {
  name: string;
  role: string;
  isPeerWorker: boolean;
}
