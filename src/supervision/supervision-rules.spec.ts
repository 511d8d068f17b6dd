import { Role } from '../common/auth/role';
import { UnprocessableError } from '../common/errors/domain-errors';
import {
  assertActionOpenForFollowUp,
  assertAgreedActions,
  assertNoIdentifyingDetails,
  assertNotFuture,
  carriedForwardDueOn,
  maySupervise,
} from './supervision-rules';

/** The field a refusal names (422 problem+json `errors[0].field`). */
const refusedField = (act: () => unknown): string => {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(UnprocessableError);
    return ((error as UnprocessableError).extensions.errors as { field: string }[])[0].field;
  }
  throw new Error('expected a refusal');
};

describe('Supervision rules', () => {
  it('records supervision once held: today is accepted, tomorrow refused naming the field', () => {
    expect(() => assertNotFuture('2026-12-07', 'heldOn', '2026-12-07')).not.toThrow();
    expect(refusedField(() => assertNotFuture('2026-12-08', 'heldOn', '2026-12-07'))).toBe('heldOn');
  });

  it('refuses group supervision text carrying an NHS number, a record id or a date-of-birth label', () => {
    expect(() => assertNoIdentifyingDetails('themes[0]', 'Boundaries when a service user calls late')).not.toThrow();
    expect(refusedField(() => assertNoIdentifyingDetails('themes[0]', 'NHS 943 476 5919 again'))).toBe('themes[0]');
    expect(() => assertNoIdentifyingDetails('notes', 'DOB 1 May')).toThrow('notes contains date of birth');
    expect(() => assertNoIdentifyingDetails('notes', 'see 0b5c9c1e-3f7a-4c55-9d1e-2a8f7d6b1c00')).toThrow('record id');
  });

  describe('agreed actions', () => {
    it('accepts actions due on or after the session, owned by the peer worker, the supervisor or a named other', () => {
      expect(() =>
        assertAgreedActions(
          [
            { owner: 'peer_worker', dueOn: '2026-12-01' },
            { owner: 'other', ownerName: 'Ward manager', dueOn: '2026-12-20' },
          ],
          '2026-12-01',
        ),
      ).not.toThrow();
    });

    it('refuses an action due before the session, and one owned by someone unnamed, naming the action', () => {
      expect(
        refusedField(() => assertAgreedActions([{ owner: 'supervisor', dueOn: '2026-11-30' }], '2026-12-01')),
      ).toBe('actions[0].dueOn');
      expect(
        refusedField(() =>
          assertAgreedActions(
            [
              { owner: 'supervisor', dueOn: '2026-12-02' },
              { owner: 'other', dueOn: '2026-12-02' },
            ],
            '2026-12-01',
          ),
        ),
      ).toBe('actions[1].ownerName');
    });
  });

  it('lets a coordinator of the site, or its named coordinator or deputy, supervise; nobody else', () => {
    const named = { coordinatorUserId: 'c1', deputyUserId: 'd1' };
    const coordinator = { siteIds: ['s1'], roles: [Role.Coordinator] };
    const peer = { siteIds: ['s1'], roles: [Role.PeerWorker] };
    expect(maySupervise('u1', coordinator, 's1', null)).toBe(true);
    expect(maySupervise('d1', peer, 's1', named)).toBe(true);
    expect(maySupervise('u2', peer, 's1', named)).toBe(false);
    expect(maySupervise('u1', coordinator, 's2', named)).toBe(false);
    expect(maySupervise('u1', null, 's1', named)).toBe(false);
  });

  describe('following up an action', () => {
    it('follows up only an open action agreed with this peer worker', () => {
      expect(() =>
        assertActionOpenForFollowUp({ peerWorkerId: 'p1', status: 'open' }, 'p1', 'followUps[0]'),
      ).not.toThrow();
      expect(refusedField(() => assertActionOpenForFollowUp(null, 'p1', 'followUps[0]'))).toBe('followUps[0].actionId');
      expect(() => assertActionOpenForFollowUp({ peerWorkerId: 'p2', status: 'open' }, 'p1', 'followUps[0]')).toThrow(
        'agreed with this peer worker',
      );
      expect(() => assertActionOpenForFollowUp({ peerWorkerId: 'p1', status: 'done' }, 'p1', 'followUps[1]')).toThrow(
        'already followed up (done)',
      );
    });

    it('carries an action forward to a new due date on or after the session; done and dropped take none', () => {
      expect(
        carriedForwardDueOn({ outcome: 'carried_forward', newDueOn: '2027-01-15' }, '2026-11-01', '2026-12-01', 'f'),
      ).toBe('2027-01-15');
      expect(carriedForwardDueOn({ outcome: 'done' }, '2026-11-01', '2026-12-01', 'f')).toBeNull();
      expect(
        refusedField(() => carriedForwardDueOn({ outcome: 'carried_forward' }, '2026-11-01', '2026-12-01', 'f')),
      ).toBe('f.newDueOn');
      expect(
        refusedField(() =>
          carriedForwardDueOn({ outcome: 'carried_forward', newDueOn: '2026-11-30' }, '2026-11-01', '2026-12-01', 'f'),
        ),
      ).toBe('f.newDueOn');
      expect(
        refusedField(() =>
          carriedForwardDueOn({ outcome: 'dropped', newDueOn: '2027-01-15' }, '2026-11-01', '2026-12-01', 'f'),
        ),
      ).toBe('f.newDueOn');
    });

    it('never follows an action up in a session earlier than the one that agreed it', () => {
      expect(refusedField(() => carriedForwardDueOn({ outcome: 'done' }, '2026-12-02', '2026-12-01', 'f'))).toBe(
        'f.actionId',
      );
      expect(carriedForwardDueOn({ outcome: 'dropped' }, '2026-12-01', '2026-12-01', 'f')).toBeNull();
    });
  });
});
