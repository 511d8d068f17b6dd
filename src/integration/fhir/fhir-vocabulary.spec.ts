import { SUPPORT_EPISODE_STATES } from '../../episodes/support-episode.state-machine';
import { GENDERS } from '../../service-users/service-user-vocabulary';
import { ADMINISTRATIVE_GENDER, EPISODE_OF_CARE_STATUS, statesForEpisodeOfCareStatus } from './fhir-vocabulary';
import { parseSearch } from './fhir-search';

describe('FHIR vocabulary', () => {
  it('maps every workflow state to an EpisodeOfCare status', () => {
    expect(Object.keys(EPISODE_OF_CARE_STATUS).sort()).toEqual([...SUPPORT_EPISODE_STATES].sort());
    expect(EPISODE_OF_CARE_STATUS).toMatchObject({
      referred: 'planned',
      awaiting_pairing: 'waitlist',
      step_down: 'active',
      readmitted: 'onhold',
      ended: 'finished',
      allocated_usual_care: 'cancelled',
    });
  });

  it('finds the workflow states behind a status, and refuses a status FHIR does not have', () => {
    expect(statesForEpisodeOfCareStatus('active')!.sort()).toEqual([
      'community_support',
      'paired',
      'step_down',
      'ward_support',
    ]);
    expect(statesForEpisodeOfCareStatus('entered-in-error')).toEqual([]);
    expect(statesForEpisodeOfCareStatus('busy')).toBeNull();
  });

  it('maps every stated gender to an administrative gender', () => {
    expect(GENDERS.map((g) => ADMINISTRATIVE_GENDER[g])).toEqual(['male', 'female', 'other', 'other', 'unknown']);
  });

  it('refuses unknown search parameters and out-of-range _count rather than ignoring them', () => {
    expect(() => parseSearch({ family: 'Bloggs' }, ['identifier'])).toThrow(/not supported/);
    expect(() => parseSearch({ _count: '101' }, [])).toThrow(/_count/);
    expect(parseSearch({ _count: '0', _offset: '4', identifier: 'x' }, ['identifier'])).toEqual({
      params: { identifier: 'x' },
      repeated: {},
      ids: null,
      count: 0,
      offset: 4,
      summary: null,
      elements: null,
      sort: [],
    });
  });
});
