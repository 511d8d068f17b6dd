import {
  OPEN_STATES,
  SupportEpisodeFacts,
  SupportEpisodeState,
  supportEpisodeMachine,
} from './support-episode.state-machine';
import { ENDED_BY_PEER_SUPPORT_WITHDRAWAL } from './withdrawn-consent';

/** Facts right after the withdrawal: no consent to peer support in force, ending reason consent_withdrawn. */
const WITHDRAWN: SupportEpisodeFacts = {
  allocationMode: 'none',
  allocatedArm: null,
  peerSupportConsent: false,
  researchConsent: true,
  peerWorkerId: '6f1f0c0e-2b7a-4f44-9d55-3f7c1c9f0a11',
  firstWardMeetingAt: null,
  dischargedOn: null,
  readmittedOn: null,
  pausedFrom: null,
  endingReason: 'consent_withdrawn',
};

describe('Withdrawn consent to peer support', () => {
  it.each([...ENDED_BY_PEER_SUPPORT_WITHDRAWAL])('ends an episode that is %s through the transition table', (state) => {
    expect(supportEpisodeMachine.check(state, 'ended', WITHDRAWN).allowed).toBe(true);
  });

  it('leaves only usual care open (not peer support: its follow-up rests on research consent)', () => {
    const kept = OPEN_STATES.filter(
      (s) => !(ENDED_BY_PEER_SUPPORT_WITHDRAWAL as readonly SupportEpisodeState[]).includes(s),
    );
    expect(kept).toEqual(['allocated_usual_care']);
  });

  it('cannot end an episode that has already ended', () => {
    expect(supportEpisodeMachine.check('ended', 'ended', WITHDRAWN).allowed).toBe(false);
  });
});
