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

/**
 * Who sat on an interview panel. Peer leadership in recruitment is a core component (handbook 6.6), so the peer on
 * the panel is a record, not a label: a peer worker of the site (named by their record), or an external peer whose
 * peer role the coordinator verified (how, by whom, when). Everyone else is staff.
 */
export const PANEL_MEMBER_KINDS = ['peer_worker', 'external_peer', 'staff'] as const;
/** `unverified_peer`: a panel member recorded before panels named records, who said they were a peer (migrated). */
export type PanelMemberKind = (typeof PANEL_MEMBER_KINDS)[number] | 'unverified_peer';

export interface PanelRoleVerification {
  /** How the peer role was verified, e.g. "confirmed with Mind Riverside's peer support lead by email". */
  how: string;
  verifiedById: string;
  verifiedOn: string;
}

export interface InterviewPanelMember {
  kind: PanelMemberKind;
  /** The peer worker record, for kind peer_worker. */
  peerWorkerId: string | null;
  name: string;
  role: string;
  organisation: string | null;
  roleVerification: PanelRoleVerification | null;
}

/** Whether a member is the peer the panel needs: a peer worker record, or an external peer with a verified role. */
export function countsAsPanelPeer(member: InterviewPanelMember): boolean {
  return member.kind === 'peer_worker' || (member.kind === 'external_peer' && member.roleVerification !== null);
}
