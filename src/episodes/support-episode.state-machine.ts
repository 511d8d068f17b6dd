import { StateMachine, Transition } from '../common/state-machine/state-machine';

export const SUPPORT_EPISODE_STATES = [
  'referred',
  'allocated_usual_care',
  'awaiting_pairing',
  'paired',
  'ward_support',
  'community_support',
  'step_down',
  'readmitted',
  'ended',
] as const;
export type SupportEpisodeState = (typeof SUPPORT_EPISODE_STATES)[number];

/** Every state but `ended` is open: a service user has at most one open episode (partial unique index). */
export const OPEN_STATES = SUPPORT_EPISODE_STATES.filter((s) => s !== 'ended');

/**
 * Open states before community support. A discharge is accepted from each (wards discharge at short notice):
 * before pairing it is recorded on the episode and the episode waits, urgently, for pairing; once paired it
 * starts community support whether or not the first ward meeting was held.
 */
export const PRE_COMMUNITY_STATES = [
  'referred',
  'allocated_usual_care',
  'awaiting_pairing',
  'paired',
  'ward_support',
] as const satisfies readonly SupportEpisodeState[];

/** States a readmission pauses, and to which the episode returns after the next discharge. */
export const PAUSABLE_STATES = ['community_support', 'step_down'] as const satisfies readonly SupportEpisodeState[];
export type PausableState = (typeof PAUSABLE_STATES)[number];

export const ENDING_REASONS = [
  'planned_ending',
  'declined',
  'disengaged',
  'withdrew_consent',
  /** Set by the system when consent to peer support is withdrawn (ServiceUsers: consent.withdrawn). */
  'consent_withdrawn',
  'transferred',
  'other',
] as const;
export type EndingReason = (typeof ENDING_REASONS)[number];

export type AllocationArm = 'peer_support' | 'usual_care';

/** The facts the guards read, gathered by the service from the episode, its consents and the site. */
export interface SupportEpisodeFacts {
  allocationMode: 'none' | 'randomised';
  /** Set by randomisation; null without it. */
  allocatedArm: AllocationArm | null;
  peerSupportConsent: boolean;
  researchConsent: boolean;
  /** The peer worker now paired (set by the pairing step). */
  peerWorkerId: string | null;
  firstWardMeetingAt: Date | null;
  /** The latest discharge date the ward recorded (calendar date, YYYY-MM-DD). */
  dischargedOn: string | null;
  /** The latest readmission date recorded. */
  readmittedOn: string | null;
  /** Where a readmission paused the episode. */
  pausedFrom: PausableState | null;
  endingReason: EndingReason | null;
}

/**
 * Discharged and not readmitted since. A readmission dated the discharge day counts as after it (the
 * trial counts a same-day readmission as readmitted).
 */
export const inCommunity = (f: Pick<SupportEpisodeFacts, 'dischargedOn' | 'readmittedOn'>): boolean =>
  f.dischargedOn !== null && (f.readmittedOn === null || f.readmittedOn < f.dischargedOn);

/** Whether a move records a discharge: from the ward into the community, the end of a readmission pause, or before pairing. */
export const isDischargeMove = (from: SupportEpisodeState, to: SupportEpisodeState): boolean =>
  from === to ||
  ((from === 'paired' || from === 'ward_support' || from === 'readmitted') &&
    (to === 'community_support' || to === 'step_down'));

/**
 * Whether a move starts community support for the first time (the community plan is generated from the
 * discharge date): the discharge from the ward, first ward meeting held or not, or pairing someone discharged.
 */
export const startsCommunitySupport = (from: SupportEpisodeState, to: SupportEpisodeState): boolean =>
  to === 'community_support' && (from === 'ward_support' || from === 'paired' || from === 'awaiting_pairing');

type G = Transition<SupportEpisodeState, SupportEpisodeFacts>['guards'] & object;
type Guard = G[number];

export const GUARDS = {
  peerSupportConsent: {
    rule: 'peer_support_consent',
    holds: (f) => f.peerSupportConsent,
    explain: 'The service user has no consent to peer support in force',
  },
  researchConsentWhenRandomised: {
    rule: 'research_consent_when_randomised',
    holds: (f) => f.allocationMode === 'none' || f.researchConsent,
    explain: 'This site randomises: the service user must consent to the research before allocation',
  },
  allocatedToPeerSupportWhenRandomised: {
    rule: 'allocated_to_peer_support',
    holds: (f) => f.allocationMode === 'none' || f.allocatedArm === 'peer_support',
    explain: 'This site randomises and the service user was not allocated to peer support',
  },
  siteRandomises: {
    rule: 'site_randomises',
    holds: (f) => f.allocationMode === 'randomised',
    explain: 'Usual care is an arm of randomised allocation, and this site does not randomise',
  },
  researchConsent: {
    rule: 'research_consent',
    holds: (f) => f.researchConsent,
    explain: 'The service user has no consent to the research in force',
  },
  allocatedToUsualCare: {
    rule: 'allocated_to_usual_care',
    holds: (f) => f.allocatedArm === 'usual_care',
    explain: 'The service user was not allocated to usual care',
  },
  peerWorkerAssigned: {
    rule: 'peer_worker_assigned',
    holds: (f) => f.peerWorkerId !== null,
    explain: 'No peer worker has been paired with the service user',
  },
  firstWardMeetingHeld: {
    rule: 'first_ward_meeting_held',
    holds: (f) => f.firstWardMeetingAt !== null,
    explain: 'Ward support starts with the first ward meeting, and none is recorded',
  },
  stillOnWard: {
    rule: 'still_on_ward',
    holds: (f) => !inCommunity(f),
    explain:
      'The service user has been discharged: pairing now starts community support from the discharge date, not ward support',
  },
  inCommunity: {
    rule: 'discharge_recorded',
    holds: inCommunity,
    explain: 'Community support starts from the discharge date, and no discharge since the last admission is recorded',
  },
  readmissionRecorded: {
    rule: 'readmission_recorded',
    holds: (f) => f.readmittedOn !== null,
    explain: 'A readmission needs its date',
  },
  dischargedAfterReadmission: {
    rule: 'discharged_after_readmission',
    holds: (f) => f.readmittedOn !== null && f.dischargedOn !== null && f.dischargedOn >= f.readmittedOn,
    explain: 'Support resumes after the discharge that follows the readmission, and none is recorded',
  },
  resumesToCommunitySupport: {
    rule: 'resumes_where_it_left_off',
    holds: (f) => f.pausedFrom === 'community_support',
    explain: 'A readmission returns to where it left off, and it did not pause community support',
  },
  resumesToStepDown: {
    rule: 'resumes_where_it_left_off',
    holds: (f) => f.pausedFrom === 'step_down',
    explain: 'A readmission returns to where it left off, and it did not pause the step-down',
  },
  restartAfterReadmission: {
    rule: 'restart_after_readmission',
    holds: (f) => f.readmittedOn !== null && f.pausedFrom === null,
    explain: 'The coordinator may restart the community plan (back to community support) only after a readmission',
  },
  endingReasonGiven: {
    rule: 'ending_reason_given',
    holds: (f) => f.endingReason !== null && (ENDING_REASONS as readonly string[]).includes(f.endingReason),
    explain: `An ending needs a reason: one of ${ENDING_REASONS.join(', ')}`,
  },
  plannedEndingFollowsStepDown: {
    rule: 'planned_ending_follows_step_down',
    holds: (f) => f.endingReason !== 'planned_ending',
    explain: 'A planned ending follows the step-down; end an episode earlier with another reason',
  },
} satisfies Record<string, Guard>;

/**
 * The support episode workflow (handbook 12–14): referral, allocation, pairing, ward support,
 * community support after discharge, the step-down, a readmission pause, and an ending.
 */
export const supportEpisodeMachine = new StateMachine<SupportEpisodeState, SupportEpisodeFacts>(
  'support episode',
  SUPPORT_EPISODE_STATES,
  [
    {
      from: ['referred'],
      to: 'awaiting_pairing',
      guards: [
        GUARDS.peerSupportConsent,
        GUARDS.researchConsentWhenRandomised,
        GUARDS.allocatedToPeerSupportWhenRandomised,
      ],
    },
    {
      from: ['referred'],
      to: 'allocated_usual_care',
      guards: [GUARDS.siteRandomises, GUARDS.researchConsent, GUARDS.allocatedToUsualCare],
    },
    {
      from: ['awaiting_pairing'],
      to: 'paired',
      guards: [GUARDS.peerSupportConsent, GUARDS.peerWorkerAssigned, GUARDS.stillOnWard],
    },
    { from: ['paired'], to: 'ward_support', guards: [GUARDS.firstWardMeetingHeld, GUARDS.stillOnWard] },
    // A discharge before allocation, for usual care, or before pairing is recorded where the episode is
    // (the index discharge for outcomes; before pairing, the episode goes on the urgent-pairing queue).
    { from: ['referred'], to: 'referred', guards: [GUARDS.inCommunity] },
    { from: ['allocated_usual_care'], to: 'allocated_usual_care', guards: [GUARDS.inCommunity] },
    { from: ['awaiting_pairing'], to: 'awaiting_pairing', guards: [GUARDS.inCommunity] },
    // Pairing someone already discharged starts community support from the real discharge date.
    {
      from: ['awaiting_pairing'],
      to: 'community_support',
      guards: [GUARDS.peerSupportConsent, GUARDS.peerWorkerAssigned, GUARDS.inCommunity],
    },
    // The discharge from the ward; from paired, before the first ward meeting (flagged for the coordinator).
    { from: ['paired', 'ward_support'], to: 'community_support', guards: [GUARDS.inCommunity] },
    { from: ['community_support'], to: 'step_down' },
    // The coordinator restarts the whole community plan after a readmission (handbook 14.11).
    { from: ['step_down'], to: 'community_support', guards: [GUARDS.restartAfterReadmission] },
    { from: ['community_support', 'step_down'], to: 'readmitted', guards: [GUARDS.readmissionRecorded] },
    {
      from: ['readmitted'],
      to: 'community_support',
      guards: [GUARDS.resumesToCommunitySupport, GUARDS.dischargedAfterReadmission],
    },
    { from: ['readmitted'], to: 'step_down', guards: [GUARDS.resumesToStepDown, GUARDS.dischargedAfterReadmission] },
    { from: ['step_down'], to: 'ended', guards: [GUARDS.endingReasonGiven] },
    {
      from: OPEN_STATES.filter((s) => s !== 'step_down'),
      to: 'ended',
      guards: [GUARDS.endingReasonGiven, GUARDS.plannedEndingFollowsStepDown],
    },
  ],
);
