import {
  brokenArrangementRule,
  coverAvailabilityWindow,
  coverStartsAt,
  coverWindow,
  OPEN_END,
  windowInstants,
  type ArrangementFacts,
} from './cover-rules';

const colleagueCover: ArrangementFacts = {
  term: 'short_term',
  arrangement: 'cover',
  coveringStatus: 'active',
  coveringIsAbsentWorker: false,
  reserveInductionRecorded: false,
  serviceUserInformed: false,
  openEnded: false,
};

describe('cover arrangement rules', () => {
  it('accepts a colleague covering a short-term absence and an inducted reserve covering a long-term one', () => {
    expect(brokenArrangementRule(colleagueCover)).toBeNull();
    expect(
      brokenArrangementRule({
        ...colleagueCover,
        term: 'long_term',
        coveringStatus: 'reserve',
        reserveInductionRecorded: true,
      }),
    ).toBeNull();
    expect(brokenArrangementRule({ ...colleagueCover, term: 'long_term', arrangement: 'repair' })).toBeNull();
  });

  it('allows a pause only for a short-term absence, and only once the service user is told', () => {
    const pause = { ...colleagueCover, arrangement: 'pause' as const, coveringStatus: null };
    expect(brokenArrangementRule(pause)).toMatchObject({ rule: 'service_user_informed', field: 'serviceUserInformed' });
    expect(brokenArrangementRule({ ...pause, serviceUserInformed: true })).toBeNull();
    expect(brokenArrangementRule({ ...pause, serviceUserInformed: true, term: 'long_term' })).toMatchObject({
      rule: 'arrangement_fits_term',
      field: 'arrangement',
    });
    expect(brokenArrangementRule({ ...pause, serviceUserInformed: true, coveringStatus: 'active' })).toMatchObject({
      rule: 'pause_names_no_peer_worker',
    });
    // "Contact pauses until …" needs a date: an open-ended absence is covered instead.
    expect(brokenArrangementRule({ ...pause, serviceUserInformed: true, openEnded: true })).toMatchObject({
      rule: 'pause_until_known_return',
      field: 'arrangement',
    });
  });

  it('keeps re-pairing for long-term absences', () => {
    expect(brokenArrangementRule({ ...colleagueCover, arrangement: 'repair' })).toMatchObject({
      rule: 'arrangement_fits_term',
    });
  });

  it('needs a named covering peer worker who is not the absent one', () => {
    expect(brokenArrangementRule({ ...colleagueCover, coveringStatus: null })).toMatchObject({
      rule: 'covering_peer_worker_named',
      field: 'peerWorkerId',
    });
    expect(brokenArrangementRule({ ...colleagueCover, coveringIsAbsentWorker: true })).toMatchObject({
      rule: 'covering_peer_worker_present',
    });
  });

  it('activates a reserve only for long-term cover, and only after reserve induction (handbook 15.3)', () => {
    expect(
      brokenArrangementRule({ ...colleagueCover, coveringStatus: 'reserve', reserveInductionRecorded: true }),
    ).toMatchObject({ rule: 'reserve_for_long_term_cover' });
    expect(brokenArrangementRule({ ...colleagueCover, term: 'long_term', coveringStatus: 'reserve' })).toMatchObject({
      rule: 'reserve_induction_recorded',
    });
    expect(
      brokenArrangementRule({
        ...colleagueCover,
        term: 'long_term',
        arrangement: 'repair',
        coveringStatus: 'reserve',
        reserveInductionRecorded: true,
      }),
    ).toMatchObject({
      rule: 'reserve_for_long_term_cover',
    });
  });
});

describe('cover windows', () => {
  const absence = { state: 'active' as const, startsOn: '2026-12-21', expectedEndOn: '2026-12-22', endedOn: null };

  it('runs from the first day of absence to the expected last day, or open-ended', () => {
    expect(coverWindow(absence, '2026-12-21')).toEqual({ from: '2026-12-21', to: '2026-12-22' });
    expect(coverWindow({ ...absence, expectedEndOn: null }, '2026-12-21')).toEqual({
      from: '2026-12-21',
      to: OPEN_END,
    });
    // Still away after the expected return: open-ended until the absence is ended.
    expect(coverWindow(absence, '2026-12-28')).toEqual({ from: '2026-12-21', to: OPEN_END });
    expect(coverWindow({ ...absence, state: 'ended', endedOn: '2026-12-21' }, '2026-12-28')).toEqual({
      from: '2026-12-21',
      to: '2026-12-21',
    });
  });

  it('judges a covering or new peer worker free across the cover window, the short-term threshold when open-ended', () => {
    expect(coverAvailabilityWindow({ from: '2026-12-21', to: '2027-02-01' }, 14)).toEqual({
      from: '2026-12-21',
      to: '2027-02-01',
    });
    // Open-ended: 14 days from the first day of absence, the first and last counted (across the new year).
    expect(coverAvailabilityWindow({ from: '2026-12-21', to: OPEN_END }, 14)).toEqual({
      from: '2026-12-21',
      to: '2027-01-03',
    });
  });

  it('turns calendar days into London instants across the clock change', () => {
    // 29 March 2026: the clocks go forward; the window ends at midnight London time (23:00 UTC the day before in summer).
    expect(windowInstants({ from: '2026-03-28', to: '2026-03-29' })).toEqual({
      from: new Date('2026-03-28T00:00:00Z'),
      until: new Date('2026-03-29T23:00:00Z'),
    });
    expect(windowInstants({ from: '2026-10-24', to: OPEN_END })).toEqual({
      from: new Date('2026-10-23T23:00:00Z'),
      until: null,
    });
  });

  it('starts cover at the first day of absence, or now once that has passed', () => {
    const now = new Date('2026-12-21T10:00:00Z');
    expect(coverStartsAt('2026-12-23', now)).toEqual(new Date('2026-12-23T00:00:00Z'));
    expect(coverStartsAt('2026-12-20', now)).toEqual(now);
  });
});
