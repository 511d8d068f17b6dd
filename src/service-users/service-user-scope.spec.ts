import { ServiceUserScope, ServiceUserScopes } from './service-user-scope.service';

const SITE = 'site-1';
const WARD = 'ward-1';
const person = { id: 'su-1', siteId: SITE, wardId: WARD };
const nothing: ServiceUserScope = { everything: false, siteIds: [], wardIds: [], serviceUserIds: [], episodeIds: [] };

describe('Service user scope', () => {
  it('covers everyone for an admin', () => {
    expect(ServiceUserScopes.covers({ ...nothing, everything: true }, person)).toBe(true);
  });

  it('covers the service users of the caller’s sites, wards, or named service users, and no one else', () => {
    expect(ServiceUserScopes.covers({ ...nothing, siteIds: [SITE] }, person)).toBe(true);
    expect(ServiceUserScopes.covers({ ...nothing, wardIds: [WARD] }, person)).toBe(true);
    expect(ServiceUserScopes.covers({ ...nothing, serviceUserIds: ['su-1'] }, person)).toBe(true);
    expect(
      ServiceUserScopes.covers(
        { ...nothing, siteIds: ['site-2'], wardIds: ['ward-2'], serviceUserIds: ['su-2'] },
        person,
      ),
    ).toBe(false);
    expect(ServiceUserScopes.covers(nothing, person)).toBe(false);
  });

  it('covers an episode by its service user’s site or ward, or when the caller is (or was) paired with that episode only', () => {
    expect(ServiceUserScopes.coversEpisode({ ...nothing, siteIds: [SITE] }, 'ep-1', person)).toBe(true);
    expect(ServiceUserScopes.coversEpisode({ ...nothing, wardIds: [WARD] }, 'ep-1', person)).toBe(true);
    expect(ServiceUserScopes.coversEpisode({ ...nothing, episodeIds: ['ep-1'] }, 'ep-1', person)).toBe(true);
    // Paired with the person's earlier episode: sees the person, not their later episode with someone else.
    expect(
      ServiceUserScopes.coversEpisode({ ...nothing, serviceUserIds: ['su-1'], episodeIds: ['ep-1'] }, 'ep-2', person),
    ).toBe(false);
    expect(ServiceUserScopes.covers({ ...nothing, serviceUserIds: ['su-1'], episodeIds: ['ep-1'] }, person)).toBe(true);
  });

  it('does not let an empty ward list match a service user on no ward', () => {
    expect(ServiceUserScopes.covers({ ...nothing, wardIds: [] }, { ...person, wardId: null })).toBe(false);
  });
});
