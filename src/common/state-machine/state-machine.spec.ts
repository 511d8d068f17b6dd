import { ForbiddenTransitionError } from '../errors/domain-errors';
import { StateMachine } from './state-machine';

type Light = 'red' | 'green' | 'amber';
const machine = new StateMachine<Light, { powered: boolean }>(
  'traffic light',
  ['red', 'green', 'amber'],
  [
    {
      from: ['red'],
      to: 'green',
      guards: [{ rule: 'powered', holds: (c) => c.powered, explain: 'The light has no power' }],
    },
    { from: ['green'], to: 'amber' },
    { from: ['amber'], to: 'red' },
  ],
);

describe('StateMachine', () => {
  it('allows a transition in the table whose guards hold', () => {
    expect(machine.check('red', 'green', { powered: true })).toEqual({ allowed: true });
  });

  it('names the failing guard', () => {
    expect(machine.check('red', 'green', { powered: false })).toEqual({
      allowed: false,
      rule: 'powered',
      detail: 'The light has no power',
    });
  });

  it('refuses a pair that is not in the table', () => {
    const result = machine.check('green', 'red', { powered: true });
    expect(result).toMatchObject({ allowed: false, rule: 'transition_not_in_table' });
  });

  it('throws a 409 domain error carrying the rule', () => {
    try {
      machine.assert('red', 'green', { powered: false });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(ForbiddenTransitionError);
      expect((error as ForbiddenTransitionError).extensions).toEqual({
        aggregate: 'traffic light',
        from: 'red',
        to: 'green',
        rule: 'powered',
      });
      expect((error as ForbiddenTransitionError).status).toBe(409);
    }
  });

  it('lists targets reachable from a state', () => {
    expect(machine.targetsFrom('green')).toEqual(['amber']);
  });
});
