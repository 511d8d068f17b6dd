import { ForbiddenTransitionError } from '../../common/errors/domain-errors';
import {
  PLANNED_CONTACT_STATUSES,
  plannedContactMachine,
  type PlannedContactFacts,
  type PlannedContactStatus,
} from './planned-contact.state-machine';

const inCommunity: PlannedContactFacts = {
  episodeState: 'community_support',
  dueOn: '2026-03-02',
  today: '2026-03-02',
  reason: 'Recorded by the peer worker',
};
const readmitted: PlannedContactFacts = {
  ...inCommunity,
  episodeState: 'readmitted',
  reason: 'Readmitted on 2026-03-01',
};

describe('Planned contact workflow', () => {
  const allowed: [PlannedContactStatus, PlannedContactStatus, PlannedContactFacts][] = [
    ['planned', 'held', inCommunity],
    ['planned', 'missed', inCommunity],
    ['planned', 'suspended', readmitted],
    ['suspended', 'planned', { ...inCommunity, reason: 'Discharged on 2026-03-20: the remaining plan resumes' }],
    ['planned', 'cancelled', { ...inCommunity, reason: 'Episode ended (declined)' }],
    ['suspended', 'cancelled', { ...readmitted, reason: 'Episode ended (withdrew_consent)' }],
  ];

  it.each(allowed)('allows %s → %s when its guards hold', (from, to, facts) => {
    expect(plannedContactMachine.check(from, to, facts)).toEqual({ allowed: true });
  });

  it('refuses every move the table does not list, held, missed and cancelled being final', () => {
    const listed = new Set(allowed.map(([from, to]) => `${from}>${to}`));
    let refused = 0;
    for (const from of PLANNED_CONTACT_STATUSES) {
      for (const to of PLANNED_CONTACT_STATUSES) {
        if (listed.has(`${from}>${to}`)) continue;
        expect(plannedContactMachine.check(from, to, inCommunity)).toMatchObject({
          allowed: false,
          rule: 'transition_not_in_table',
        });
        refused++;
      }
    }
    expect(refused).toBe(PLANNED_CONTACT_STATUSES.length ** 2 - allowed.length);
    for (const final of ['held', 'missed', 'cancelled'] as const)
      expect(plannedContactMachine.targetsFrom(final)).toEqual([]);
  });

  it('refuses to record a contact as missed before it is due', () => {
    expect(plannedContactMachine.check('planned', 'missed', { ...inCommunity, dueOn: '2026-03-03' })).toMatchObject({
      allowed: false,
      rule: 'contact_due',
    });
  });

  it('refuses an outcome while the episode is not in community support or the step-down', () => {
    for (const episodeState of ['ward_support', 'readmitted', 'ended'] as const) {
      expect(plannedContactMachine.check('planned', 'held', { ...inCommunity, episodeState })).toMatchObject({
        allowed: false,
        rule: 'episode_in_community',
      });
    }
  });

  it('refuses to suspend a contact unless the episode was readmitted', () => {
    expect(plannedContactMachine.check('planned', 'suspended', { ...inCommunity, reason: 'Holiday' })).toMatchObject({
      allowed: false,
      rule: 'episode_readmitted',
    });
  });

  it('refuses to resume a suspended contact while the service user is still on the ward', () => {
    expect(plannedContactMachine.check('suspended', 'planned', readmitted)).toMatchObject({
      allowed: false,
      rule: 'episode_in_community',
    });
  });

  it('refuses to suspend, resume or cancel a contact without a reason', () => {
    expect(plannedContactMachine.check('planned', 'cancelled', { ...inCommunity, reason: null })).toMatchObject({
      allowed: false,
      rule: 'reason_given',
    });
    expect(plannedContactMachine.check('planned', 'suspended', { ...readmitted, reason: '  ' })).toMatchObject({
      allowed: false,
      rule: 'reason_given',
    });
    expect(plannedContactMachine.check('suspended', 'planned', { ...inCommunity, reason: null })).toMatchObject({
      allowed: false,
      rule: 'reason_given',
    });
  });

  it('throws a ForbiddenTransitionError naming the rule', () => {
    expect(() => plannedContactMachine.assert('held', 'missed', inCommunity)).toThrow(ForbiddenTransitionError);
  });
});
