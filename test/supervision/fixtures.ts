import { DateTime } from 'luxon';
import { Role } from '../../src/common/auth/role';
import type { TestApp, TestUser } from '../support/test-app';
import { completeInduction, move, passCoreTraining } from '../workforce/support';

/** Today's date in Europe/London, shifted by whole calendar days. */
export const londonDay = (shift = 0) => DateTime.now().setZone('Europe/London').plus({ days: shift }).toISODate()!;

export interface PeerWorkerFixture {
  id: string;
  user: TestUser;
}

export interface SiteTeam {
  siteId: string;
  coordinator: TestUser;
  deputy: TestUser;
}

/** A site with a named coordinator and a named deputy (here a senior peer worker, as handbook 11.3 allows). */
export async function siteWithCoordinatorAndDeputy(t: TestApp, name?: string): Promise<SiteTeam> {
  const siteId = await t.createSite(name);
  const coordinator = await t.createUser([Role.Coordinator], [siteId]);
  const deputy = await t.createUser([Role.PeerWorker], [siteId]);
  await t.expect(200, 'PUT', `/api/v1/sites/${siteId}/coordinator`, { token: t.adminToken, body: { coordinatorUserId: coordinator.id, deputyUserId: deputy.id } });
  return { siteId, coordinator, deputy };
}

let campaigns = new Map<string, string>();

/**
 * A peer worker recruited, trained, checked and inducted through the API, with their own sign-in; then
 * activated (`active`) or left in the reserve pool (`reserve`).
 */
export async function recruitPeerWorker(t: TestApp, token: string, siteId: string, as: 'active' | 'reserve' = 'active', displayName = 'Sam Okafor'): Promise<PeerWorkerFixture> {
  let campaignId = campaigns.get(siteId);
  if (!campaignId) {
    campaignId = (await t.expect(201, 'POST', '/api/v1/recruitment/campaigns', { token, body: { siteId, title: 'Supervision fixtures', postsToFill: 50, reservePlaces: 50 } })).id as string;
    campaigns.set(siteId, campaignId);
  }
  const application = await t.expect(201, 'POST', `/api/v1/recruitment/campaigns/${campaignId}/applications`, { token, body: { pathway: 'existing_workforce', displayName } });
  const id: string = application.peerWorkerId;
  await move(t, token, application.id, 'in_training');
  await t.expect(200, 'PUT', `/api/v1/peer-workers/${id}/checks`, { token, body: { dbsClearedOn: '2026-03-02', occupationalHealthClearedOn: '2026-03-03' } });
  await t.expect(200, 'POST', `/api/v1/peer-workers/${id}/code-of-ethics-acknowledgement`, { token, body: { acknowledgedOn: '2026-03-04' } });
  await passCoreTraining(t, token, siteId, id);
  await completeInduction(t, token, id);
  await move(t, token, application.id, 'training_assessed');
  await move(t, token, application.id, 'pre_employment_checks');
  await move(t, token, application.id, as === 'reserve' ? 'appointed_to_reserve' : 'appointed');
  if (as === 'active') await t.expect(200, 'POST', `/api/v1/peer-workers/${id}/status`, { token, body: { status: 'active', reason: 'Ready to take referrals' } });
  const user = await t.createUser([Role.PeerWorker], [siteId]);
  await t.expect(200, 'PATCH', `/api/v1/peer-workers/${id}`, { token, body: { userId: user.id } });
  return { id, user };
}

export function resetFixtureCampaigns(): void {
  campaigns = new Map();
}
