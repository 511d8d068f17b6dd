import { Role } from '../../src/common/auth/role';
import { TestApp } from '../support/test-app';
import { day, episodeInCommunity, reportingSite } from './report-fixtures';

describe('Readmission outcomes', () => {
  let t: TestApp;
  let scenario: Awaited<ReturnType<typeof reportingSite>>;
  const url = () => `/api/v1/reports/readmissions?siteId=${scenario.site.siteId}&from=${day(-50)}&to=${day(0)}`;

  beforeAll(async () => {
    t = await TestApp.start();
    scenario = await reportingSite(t, 'Readmissions Trust');
    const { site, peer } = scenario;
    // Readmitted 10 days after a discharge 40 days ago; not readmitted after a discharge 45 days ago; discharged 5 days ago.
    const readmitted = await episodeInCommunity(t, site, peer, 40);
    const readmission = await t.call('POST', `/api/v1/support-episodes/${readmitted}/readmission`, {
      token: site.wardStaff.token,
      body: { readmittedOn: day(-30) },
    });
    expect(readmission.statusCode).toBeLessThan(300);
    await episodeInCommunity(t, site, peer, 45);
    await episodeInCommunity(t, site, peer, 5);
  }, 120_000);
  afterAll(() => t?.close());

  it('gives readmission within 30 days as a rate over the discharges whose 30 days have passed', async () => {
    const report = await t.expect(200, 'GET', url(), { token: scenario.site.coordinator.token });
    expect(report.arms).toEqual([
      {
        arm: 'peer_support',
        windows: [
          { days: 30, indexDischarges: 3, followedUp: 2, readmitted: 1, rate: 0.5 },
          { days: 90, indexDischarges: 3, followedUp: 0, readmitted: 0, rate: null },
          { days: 365, indexDischarges: 3, followedUp: 0, readmitted: 0, rate: null },
        ],
      },
    ]);
  });

  it('keeps the first discharge as the index after a readmission', async () => {
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM readmissions r JOIN support_episodes e ON e.id = r.episode_id WHERE e.site_id = $1`,
      [scenario.site.siteId],
    );
    expect(n).toBe(1);
    const narrow = await t.expect(
      200,
      'GET',
      `/api/v1/reports/readmissions?siteId=${scenario.site.siteId}&from=${day(-41)}&to=${day(-39)}`,
      { token: scenario.site.coordinator.token },
    );
    expect(narrow.arms[0].windows[0]).toEqual({ days: 30, indexDischarges: 1, followedUp: 1, readmitted: 1, rate: 1 });
  });

  it('hides the site from another site’s coordinator', async () => {
    const other = await t.createUser([Role.Coordinator], [await t.createSite('Elsewhere')]);
    expect((await t.call('GET', url(), { token: other.token })).statusCode).toBe(404);
  });
});
