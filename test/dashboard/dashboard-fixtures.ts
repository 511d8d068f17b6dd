import { Role } from '../../src/common/auth/role';
import { day, episodeInCommunity, holdCommunityMeeting, reportingSite } from '../reports/report-fixtures';
import type { TestApp, TestUser } from '../support/test-app';

export { day };

/**
 * A site with figures in every section of the dashboard: two service users paired with one peer worker,
 * discharged 10 and 20 days ago and first met in the community 3 and 12 days after discharge; one with a
 * SWEMWBS baseline and end-of-support score; and the coordinator of another site.
 */
export async function dashboardSite(t: TestApp) {
  const scenario = await reportingSite(t, 'Dashboard Trust');
  const { site, peer } = scenario;
  const e1 = await episodeInCommunity(t, site, peer, 10);
  const e2 = await episodeInCommunity(t, site, peer, 20);
  await holdCommunityMeeting(t, peer, e1, 7);
  await holdCommunityMeeting(t, peer, e2, 8);
  const record = (body: Record<string, unknown>) =>
    t.expect(201, 'POST', `/api/v1/support-episodes/${e1}/outcome-administrations`, {
      token: site.coordinator.token,
      body,
    });
  await record({
    instrument: 'swemwbs',
    timepoint: 'baseline',
    administeredOn: day(-9),
    itemScores: [3, 3, 3, 3, 3, 3, 3],
  });
  await record({
    instrument: 'swemwbs',
    timepoint: 'end_of_support',
    administeredOn: day(-1),
    itemScores: [4, 4, 4, 4, 3, 3, 3],
  });
  const elsewhere = await t.createSite('Elsewhere Partnership');
  const otherCoordinator: TestUser = await t.createUser([Role.Coordinator], [elsewhere]);
  return { ...scenario, episodes: { e1, e2 }, otherCoordinator };
}

/** The period the page shows by default: the last 90 days to today. */
export const defaultPeriod = () => ({ from: day(-89), to: day(0) });
