/** Where a peer worker is in their working life with the service (handbook chapters 6–10, 15). */
export enum PeerWorkerStatus {
  Applicant = 'applicant',
  InTraining = 'in_training',
  Appointed = 'appointed',
  Reserve = 'reserve',
  Active = 'active',
  Inactive = 'inactive',
  Left = 'left',
}

export const PEER_WORKER_STATUSES = Object.values(PeerWorkerStatus);

/** The induction steps every peer worker completes before working with service users (handbook 9). */
export enum InductionStep {
  TeamInduction = 'peer_worker_team_induction',
  TrustInduction = 'nhs_trust_induction',
  WardVisits = 'ward_visits',
  Shadowing = 'shadowing',
}

export const INDUCTION_STEPS = Object.values(InductionStep);
