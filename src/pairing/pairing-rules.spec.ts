import { DateTime } from 'luxon';
import { ConflictError } from '../common/errors/domain-errors';
import {
  assertUnderCaseloadCap,
  assertWorkerOnEpisodeSite,
  assertWorkerReady,
  daysSinceDischarge,
  holdersLeftOut,
  overrideOfBreaches,
  PairingRefusedError,
  pairingEndsAt,
} from './pairing-rules';
import type { HardRuleBreach } from './rank-peer-workers';

const refusal = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    return error as PairingRefusedError;
  }
  throw new Error('expected a refusal');
};

describe('Pairing rules', () => {
  describe('the hard rules and their override', () => {
    const mustUnmet: HardRuleBreach = { rule: 'must_preference_unmet', explain: 'Does not meet the "must": woman' };
    const absent: HardRuleBreach = { rule: 'peer_worker_absent', explain: 'Absent (annual leave)' };

    it('needs no override when no hard rule is broken', () => {
      expect(overrideOfBreaches([], 'any reason')).toBeUndefined();
    });

    it('refuses a pairing that breaks a hard rule without an overrideReason, naming the first rule and listing all', () => {
      const error = refusal(() => overrideOfBreaches([mustUnmet, absent]));
      expect(error).toBeInstanceOf(PairingRefusedError);
      expect(error.status).toBe(422);
      expect(error.extensions).toMatchObject({ rule: 'must_preference_unmet', breaches: [mustUnmet, absent] });
      expect(error.message).toContain('Does not meet the "must": woman; Absent (annual leave)');
    });

    it('records each rule an override breaks once, with the reason', () => {
      expect(overrideOfBreaches([mustUnmet, mustUnmet, absent], 'Only worker who speaks Polish')).toEqual({
        rules: ['must_preference_unmet', 'peer_worker_absent'],
        reason: 'Only worker who speaks Polish',
      });
    });
  });

  it('refuses a peer worker of another site than the episode', () => {
    expect(() => assertWorkerOnEpisodeSite({ siteId: 'a' }, { siteId: 'a' })).not.toThrow();
    expect(refusal(() => assertWorkerOnEpisodeSite({ siteId: 'b' }, { siteId: 'a' })).extensions.rule).toBe(
      'peer_worker_on_episode_site',
    );
  });

  it('refuses a peer worker who is not ready, naming each unmet condition', () => {
    expect(() => assertWorkerReady({ ready: true, unmet: [] })).not.toThrow();
    const error = refusal(() => assertWorkerReady({ ready: false, unmet: ['dbs_cleared', 'induction_complete'] }));
    expect(error.extensions).toMatchObject({ rule: 'peer_worker_ready', unmet: ['dbs_cleared', 'induction_complete'] });
    expect(error.message).toContain('dbs_cleared, induction_complete');
  });

  it('refuses a new pairing at the caseload cap (409 caseload_cap), not below it', () => {
    expect(() => assertUnderCaseloadCap(5, 6)).not.toThrow();
    expect(() => assertUnderCaseloadCap(6, 6)).toThrow(ConflictError);
    expect(() => assertUnderCaseloadCap(7, 6)).toThrow('at the caseload cap (7 of 6)');
  });

  it('leaves out the current primary for a primary pairing, and everyone holding the episode for cover', () => {
    const open = [
      { peerWorkerId: 'primary', kind: 'primary' as const },
      { peerWorkerId: 'covering', kind: 'cover' as const },
    ];
    expect(holdersLeftOut(open, 'primary')).toEqual(['primary']);
    expect(holdersLeftOut(open, 'cover')).toEqual(['primary', 'covering']);
    expect(holdersLeftOut([], 'primary')).toEqual([]);
  });

  it('closes a pairing ended before it began at its own start, otherwise when ended', () => {
    const startedAt = new Date('2026-12-10T09:00:00Z');
    expect(pairingEndsAt({ startedAt }, new Date('2026-12-01T09:00:00Z'))).toEqual(startedAt);
    expect(pairingEndsAt({ startedAt }, new Date('2026-12-12T09:00:00Z'))).toEqual(new Date('2026-12-12T09:00:00Z'));
  });

  describe('days since discharge', () => {
    const on = DateTime.fromISO('2026-11-30', { zone: 'Europe/London' });

    it('counts whole London calendar days while the service user is in the community or stepping down', () => {
      expect(daysSinceDischarge('community_support', '2026-11-20', on)).toBe(10);
      expect(daysSinceDischarge('step_down', '2026-10-25', on)).toBe(36);
      expect(daysSinceDischarge('community_support', '2026-11-30', on)).toBe(0);
    });

    it('counts across the change from British Summer Time as whole days', () => {
      expect(daysSinceDischarge('community_support', '2026-10-24', DateTime.fromISO('2026-10-26'))).toBe(2);
    });

    it('is null before discharge, while readmitted, or with no discharge date', () => {
      expect(daysSinceDischarge('ward_support', '2026-11-20', on)).toBeNull();
      expect(daysSinceDischarge('readmitted', '2026-11-20', on)).toBeNull();
      expect(daysSinceDischarge('community_support', null, on)).toBeNull();
    });
  });
});
