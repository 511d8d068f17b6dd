import { brokenWardEventRule, EpisodeFacts } from './ward-event-rules';

const episode = (state: EpisodeFacts['state'], facts: Partial<EpisodeFacts> = {}): EpisodeFacts => ({
  state,
  dischargedOn: null,
  readmittedOn: null,
  ...facts,
});

describe('ward event rules', () => {
  it('accepts a discharge from any open state before the community, and one ending a readmission pause', () => {
    for (const state of ['referred', 'allocated_usual_care', 'awaiting_pairing', 'paired', 'ward_support'] as const) {
      expect([state, brokenWardEventRule('discharge', '2026-11-20', episode(state))]).toEqual([state, null]);
    }
    expect(
      brokenWardEventRule(
        'discharge',
        '2026-12-01',
        episode('readmitted', { dischargedOn: '2026-11-20', readmittedOn: '2026-11-25' }),
      ),
    ).toBeNull();
    // Discharged before pairing, readmitted, discharged again.
    expect(
      brokenWardEventRule(
        'discharge',
        '2026-12-01',
        episode('awaiting_pairing', { dischargedOn: '2026-11-20', readmittedOn: '2026-11-25' }),
      ),
    ).toBeNull();
  });

  it('refuses a discharge with no open episode, a second one without a readmission, or one before the readmission', () => {
    expect(brokenWardEventRule('discharge', '2026-11-20', null)?.rule).toBe('discharge_needs_open_episode');
    expect(brokenWardEventRule('discharge', '2026-11-20', episode('ended'))?.rule).toBe('discharge_needs_open_episode');
    for (const state of ['community_support', 'step_down'] as const) {
      expect(brokenWardEventRule('discharge', '2026-11-22', episode(state, { dischargedOn: '2026-11-20' }))?.rule).toBe(
        'already_discharged',
      );
    }
    expect(
      brokenWardEventRule('discharge', '2026-11-22', episode('awaiting_pairing', { dischargedOn: '2026-11-20' }))?.rule,
    ).toBe('already_discharged');
    expect(
      brokenWardEventRule('discharge', '2026-11-24', episode('readmitted', { readmittedOn: '2026-11-25' }))?.rule,
    ).toBe('discharged_after_readmission');
  });

  it('refuses a readmission before any discharge, twice without a discharge between, or dated before the discharge', () => {
    expect(brokenWardEventRule('readmission', '2026-11-25', null)?.rule).toBe('readmission_follows_discharge');
    expect(brokenWardEventRule('readmission', '2026-11-25', episode('ward_support'))?.rule).toBe(
      'readmission_follows_discharge',
    );
    expect(
      brokenWardEventRule(
        'readmission',
        '2026-11-26',
        episode('readmitted', { dischargedOn: '2026-11-20', readmittedOn: '2026-11-25' }),
      )?.rule,
    ).toBe('readmission_follows_discharge');
    expect(
      brokenWardEventRule('readmission', '2026-11-19', episode('community_support', { dischargedOn: '2026-11-20' }))
        ?.rule,
    ).toBe('readmission_after_discharge');
  });

  it('accepts a readmission after any discharge: during support, after the ending, in usual care, before pairing, the same day', () => {
    for (const state of [
      'community_support',
      'step_down',
      'ended',
      'allocated_usual_care',
      'awaiting_pairing',
    ] as const) {
      expect([
        state,
        brokenWardEventRule('readmission', '2026-11-25', episode(state, { dischargedOn: '2026-11-20' })),
      ]).toEqual([state, null]);
    }
    expect(
      brokenWardEventRule('readmission', '2026-11-20', episode('community_support', { dischargedOn: '2026-11-20' })),
    ).toBeNull();
  });

  it('always records an admission', () => {
    expect(brokenWardEventRule('admission', '2026-11-25', null)).toBeNull();
    expect(brokenWardEventRule('admission', '2026-11-25', episode('community_support'))).toBeNull();
  });
});
