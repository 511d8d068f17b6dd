import { brokenWardEventRule, EpisodeFacts } from './ward-event-rules';

const episode = (state: EpisodeFacts['state'], facts: Partial<EpisodeFacts> = {}): EpisodeFacts => ({
  state,
  dischargedOn: null,
  readmittedOn: null,
  ...facts,
});

describe('ward event rules', () => {
  it('lets a discharge move an episode in ward support, or end a readmission pause on or after the readmission', () => {
    expect(brokenWardEventRule('discharge', '2026-11-20', episode('ward_support'))).toBeNull();
    expect(
      brokenWardEventRule(
        'discharge',
        '2026-12-01',
        episode('readmitted', { dischargedOn: '2026-11-20', readmittedOn: '2026-11-25' }),
      ),
    ).toBeNull();
  });

  it('refuses a discharge of someone not in ward support, or with no open episode', () => {
    for (const state of ['referred', 'awaiting_pairing', 'paired', 'community_support', 'step_down'] as const) {
      expect(brokenWardEventRule('discharge', '2026-11-20', episode(state))?.rule).toBe('discharge_needs_ward_support');
    }
    expect(brokenWardEventRule('discharge', '2026-11-20', null)?.rule).toBe('discharge_needs_ward_support');
    expect(
      brokenWardEventRule('discharge', '2026-11-24', episode('readmitted', { readmittedOn: '2026-11-25' }))?.rule,
    ).toBe('discharged_after_readmission');
  });

  it('refuses a readmission before any discharge, or dated before the discharge it follows', () => {
    expect(brokenWardEventRule('readmission', '2026-11-25', episode('ward_support'))?.rule).toBe(
      'readmission_follows_discharge',
    );
    expect(brokenWardEventRule('readmission', '2026-11-25', episode('readmitted'))?.rule).toBe(
      'readmission_follows_discharge',
    );
    expect(
      brokenWardEventRule('readmission', '2026-11-19', episode('community_support', { dischargedOn: '2026-11-20' }))
        ?.rule,
    ).toBe('readmission_after_discharge');
    expect(
      brokenWardEventRule('readmission', '2026-11-25', episode('step_down', { dischargedOn: '2026-11-20' })),
    ).toBeNull();
  });

  it('always records an admission', () => {
    expect(brokenWardEventRule('admission', '2026-11-25', null)).toBeNull();
    expect(brokenWardEventRule('admission', '2026-11-25', episode('community_support'))).toBeNull();
  });
});
