import { ForbiddenTransitionError } from '../common/errors/domain-errors';
import {
  ENDING_REASONS,
  OPEN_STATES,
  SUPPORT_EPISODE_STATES,
  SupportEpisodeFacts,
  SupportEpisodeState,
  supportEpisodeMachine as machine,
} from './support-episode.state-machine';

/** The workflow as the handbook draws it: every move the table allows, and nothing else. */
const ALLOWED: [SupportEpisodeState, SupportEpisodeState][] = [
  ['referred', 'awaiting_pairing'],
  ['referred', 'allocated_usual_care'],
  ['awaiting_pairing', 'paired'],
  ['paired', 'ward_support'],
  ['ward_support', 'community_support'],
  // Wards discharge at short notice: before allocation, in usual care and before pairing the discharge is
  // recorded where the episode is; paired, it starts community support with or without a ward meeting.
  ['referred', 'referred'],
  ['allocated_usual_care', 'allocated_usual_care'],
  ['awaiting_pairing', 'awaiting_pairing'],
  ['awaiting_pairing', 'community_support'],
  ['paired', 'community_support'],
  ['community_support', 'step_down'],
  ['step_down', 'community_support'],
  ['community_support', 'readmitted'],
  ['step_down', 'readmitted'],
  ['readmitted', 'community_support'],
  ['readmitted', 'step_down'],
  ...OPEN_STATES.map((s): [SupportEpisodeState, SupportEpisodeState] => [s, 'ended']),
];

const BASE: SupportEpisodeFacts = {
  allocationMode: 'none',
  allocatedArm: null,
  peerSupportConsent: true,
  researchConsent: true,
  peerWorkerId: '6f1f0c0e-2b7a-4f44-9d55-3f7c1c9f0a11',
  firstWardMeetingAt: new Date('2026-11-03T10:00:00Z'),
  dischargedOn: '2026-11-20',
  readmittedOn: '2026-11-10',
  pausedFrom: null,
  endingReason: 'declined',
};

/** Facts under which every guard of the move holds. */
function happy(from: SupportEpisodeState, to: SupportEpisodeState): SupportEpisodeFacts {
  if (from === 'referred' && to === 'allocated_usual_care')
    return { ...BASE, allocationMode: 'randomised', allocatedArm: 'usual_care' };
  // Still on the ward: not yet discharged.
  if ((from === 'awaiting_pairing' && to === 'paired') || (from === 'paired' && to === 'ward_support'))
    return { ...BASE, dischargedOn: null, readmittedOn: null };
  if (from === 'readmitted' && to !== 'ended') return { ...BASE, pausedFrom: to as 'community_support' | 'step_down' };
  if (from === 'step_down' && to === 'ended') return { ...BASE, endingReason: 'planned_ending' };
  return BASE;
}

/** For each rule, a change to the happy facts that breaks it (and only it). */
function breaking(rule: string, to: SupportEpisodeState): Partial<SupportEpisodeFacts> {
  switch (rule) {
    case 'peer_support_consent':
      return { peerSupportConsent: false };
    case 'research_consent_when_randomised':
      return { allocationMode: 'randomised', allocatedArm: 'peer_support', researchConsent: false };
    case 'allocated_to_peer_support':
      return { allocationMode: 'randomised', allocatedArm: 'usual_care' };
    case 'site_randomises':
      return { allocationMode: 'none' };
    case 'research_consent':
      return { researchConsent: false };
    case 'allocated_to_usual_care':
      return { allocatedArm: 'peer_support' };
    case 'peer_worker_assigned':
      return { peerWorkerId: null };
    case 'first_ward_meeting_held':
      return { firstWardMeetingAt: null };
    case 'discharge_recorded':
      return { dischargedOn: null };
    case 'still_on_ward':
      return { dischargedOn: '2026-11-20', readmittedOn: null };
    case 'readmission_recorded':
      return { readmittedOn: null };
    case 'discharged_after_readmission':
      return { dischargedOn: '2026-11-01' };
    case 'resumes_where_it_left_off':
      return { pausedFrom: to === 'step_down' ? 'community_support' : 'step_down' };
    case 'restart_after_readmission':
      return { readmittedOn: null };
    case 'ending_reason_given':
      return { endingReason: null };
    case 'planned_ending_follows_step_down':
      return { endingReason: 'planned_ending' };
    default:
      throw new Error(`No breaking facts for ${rule}: add them to this test`);
  }
}

const isAllowed = (from: SupportEpisodeState, to: SupportEpisodeState) =>
  ALLOWED.some(([f, t]) => f === from && t === to);

describe('Support episode workflow', () => {
  it('has exactly the moves the handbook draws', () => {
    const inTable = SUPPORT_EPISODE_STATES.flatMap((from) =>
      machine.targetsFrom(from).map((to) => `${from}->${to}`),
    ).sort();
    expect(inTable).toEqual(ALLOWED.map(([f, t]) => `${f}->${t}`).sort());
  });

  describe.each(ALLOWED)('%s → %s', (from, to) => {
    it('is allowed when its guards hold', () => {
      expect(machine.check(from, to, happy(from, to))).toEqual({ allowed: true });
    });

    const transition = machine.transitions.find((t) => t.to === to && t.from.includes(from))!;
    const rules = (transition.guards ?? []).map((g) => g.rule);
    if (rules.length > 0) {
      it.each(rules)('is refused naming %s when that guard fails', (rule) => {
        const result = machine.check(from, to, { ...happy(from, to), ...breaking(rule, to) });
        expect(result).toMatchObject({ allowed: false, rule });
      });
    }
  });

  const forbidden = SUPPORT_EPISODE_STATES.flatMap((from) =>
    SUPPORT_EPISODE_STATES.filter((to) => !isAllowed(from, to)).map((to) => [from, to] as const),
  );
  it.each(forbidden)('refuses %s → %s as not in the table, with a 409 naming the rule', (from, to) => {
    expect(() => machine.assert(from, to, BASE)).toThrow(ForbiddenTransitionError);
    try {
      machine.assert(from, to, BASE);
    } catch (error) {
      expect((error as ForbiddenTransitionError).status).toBe(409);
      expect((error as ForbiddenTransitionError).extensions).toMatchObject({
        from,
        to,
        rule: 'transition_not_in_table',
      });
    }
  });

  it('ends from every open state with any reason but a planned ending, which follows the step-down', () => {
    for (const from of OPEN_STATES) {
      for (const endingReason of ENDING_REASONS) {
        const allowed = machine.check(from, 'ended', { ...BASE, endingReason }).allowed;
        expect([from, endingReason, allowed]).toEqual([
          from,
          endingReason,
          endingReason !== 'planned_ending' || from === 'step_down',
        ]);
      }
    }
  });

  it('nothing leaves ended', () => {
    expect(machine.targetsFrom('ended')).toEqual([]);
  });

  it('counts a readmission on the discharge day as after it: the service user is back on the ward', () => {
    const sameDay = { ...BASE, dischargedOn: '2026-11-20', readmittedOn: '2026-11-20', peerWorkerId: null };
    expect(machine.check('awaiting_pairing', 'community_support', { ...sameDay, peerWorkerId: 'p' })).toMatchObject({
      rule: 'discharge_recorded',
    });
    expect(machine.check('awaiting_pairing', 'paired', { ...sameDay, peerWorkerId: 'p' })).toEqual({ allowed: true });
  });

  it('refuses a second discharge of an episode already in the community, and moving an ended one', () => {
    for (const state of ['community_support', 'step_down', 'ended'] as const)
      expect(machine.check(state, state, BASE)).toMatchObject({ allowed: false, rule: 'transition_not_in_table' });
  });

  it('returns a readmission to where it left off after the next discharge', () => {
    const pausedStepDown = {
      ...BASE,
      pausedFrom: 'step_down' as const,
      readmittedOn: '2026-12-01',
      dischargedOn: '2026-12-15',
    };
    expect(machine.check('readmitted', 'step_down', pausedStepDown)).toEqual({ allowed: true });
    expect(machine.check('readmitted', 'community_support', pausedStepDown)).toMatchObject({
      rule: 'resumes_where_it_left_off',
    });
    expect(machine.check('readmitted', 'step_down', { ...pausedStepDown, dischargedOn: '2026-11-20' })).toMatchObject({
      rule: 'discharged_after_readmission',
    });
  });
});
