import type { Actor } from '../../src/common/auth/actor';
import { Role } from '../../src/common/auth/role';
import { SupportEpisodesService } from '../../src/episodes/support-episodes.service';
import type { TestApp, TestUser } from './test-app';
import { acknowledgeCodeOfEthics, hoursFromNow, londonDate, nhsNumber } from './workforce-builders';

/** Service users and support episodes for tests (see builders.ts), from referral to the community. */

const actorOf = (user: TestUser, siteId: string): Actor => ({
  kind: 'user',
  id: user.id,
  roles: [Role.Coordinator],
  siteIds: [siteId],
  requestId: 'builder',
});

export interface ServiceUserOptions {
  consents?: ('peer_support' | 'research')[];
  dateOfBirth?: string;
  wardId?: string;
}

/** Register a service user and record the consents asked for; returns the service user's id. */
export async function registerServiceUser(
  t: TestApp,
  token: string,
  siteId: string,
  options: ServiceUserOptions = {},
): Promise<string> {
  const su = await t.expect(201, 'POST', '/api/v1/service-users', {
    token,
    body: {
      siteId,
      nhsNumber: nhsNumber(),
      givenName: 'Jo',
      familyName: 'Bloggs',
      dateOfBirth: options.dateOfBirth ?? '1985-02-11',
      gender: 'male',
      ethnicity: 'C',
      ...(options.wardId ? { wardId: options.wardId } : {}),
    },
  });
  for (const kind of options.consents ?? ['peer_support']) {
    await t.expect(201, 'POST', `/api/v1/service-users/${su.id}/consents`, {
      token,
      body: { kind, givenOn: '2026-11-02', informationSheetVersion: 'v2.1' },
    });
  }
  return su.id;
}

export const referralBody = (serviceUserId: string, extra: Record<string, unknown> = {}) => ({
  serviceUserId,
  referredOn: '2026-11-05',
  primaryDiagnosisGroup: 'psychotic',
  previousAdmissionDates: ['2025-06-01'],
  ...extra,
});

/** A service user registered, referred and allocated to the routine service, so awaiting pairing: all through the API. */
export async function episodeAwaitingPairing(
  t: TestApp,
  token: string,
  siteId: string,
  options: ServiceUserOptions = {},
): Promise<{ episodeId: string; serviceUserId: string }> {
  const serviceUserId = await registerServiceUser(t, token, siteId, options);
  const episode = await t.expect(201, 'POST', '/api/v1/support-episodes', { token, body: referralBody(serviceUserId) });
  const allocated = await t.expect(200, 'POST', `/api/v1/support-episodes/${episode.id}/allocation`, { token });
  expect(allocated.state).toBe('awaiting_pairing');
  return { episodeId: episode.id, serviceUserId };
}

/**
 * A referred, allocated episode paired with `peerWorkerId` and in ward support, through the service
 * method pairing and the first ward meeting will call (their HTTP routes are built elsewhere).
 */
export async function episodeInWardSupport(
  t: TestApp,
  coordinator: TestUser,
  siteId: string,
  peerWorkerId: string,
): Promise<string> {
  const episodes = t.app.get(SupportEpisodesService);
  const asCoordinator = actorOf(coordinator, siteId);
  const serviceUserId = await registerServiceUser(t, coordinator.token, siteId);
  const episode = await t.expect(201, 'POST', '/api/v1/support-episodes', {
    token: coordinator.token,
    body: referralBody(serviceUserId, { referredOn: '2026-01-05' }),
  });
  await t.expect(200, 'POST', `/api/v1/support-episodes/${episode.id}/allocation`, { token: coordinator.token });
  await episodes.transition(asCoordinator, episode.id, 'paired', { peerWorkerId, reason: 'Paired' });
  await episodes.transition(asCoordinator, episode.id, 'ward_support', {
    firstWardMeetingAt: new Date('2026-01-12T10:00:00Z'),
    reason: 'First ward meeting',
  });
  return episode.id;
}

// Sites, peer worker accounts and episodes for delivery (meetings, discharge, the community)

export interface PeerWorkerAccount {
  peerWorkerId: string;
  user: TestUser;
}

export interface DeliverySite {
  siteId: string;
  wardId: string;
  coordinator: TestUser;
  deputy: TestUser;
  wardStaff: TestUser;
}

/** A site with a ward, its coordinator and named deputy, and a ward-staff member assigned to the ward. */
export async function deliverySite(t: TestApp, name = 'North Riverside'): Promise<DeliverySite> {
  const siteId = await t.createSite(name);
  const coordinator = await t.createUser([Role.Coordinator], [siteId]);
  const deputy = await t.createUser([Role.Coordinator], [siteId]);
  await t.expect(200, 'PUT', `/api/v1/sites/${siteId}/coordinator`, {
    token: t.adminToken,
    body: { coordinatorUserId: coordinator.id, deputyUserId: deputy.id },
  });
  const ward = await t.expect(201, 'POST', `/api/v1/sites/${siteId}/wards`, {
    token: t.adminToken,
    body: { name: 'Willow Ward' },
  });
  const wardStaff = await t.createUser([Role.WardStaff], [siteId]);
  await t.expect(200, 'PUT', `/api/v1/users/${wardStaff.id}/wards/${ward.id}`, { token: t.adminToken });
  return { siteId, wardId: ward.id, coordinator, deputy, wardStaff };
}

/**
 * A peer worker record (not recruited through training: for delivery tests) linked to a peer_worker account,
 * with the working days given (none: the default); by default they have acknowledged the code of ethics.
 */
export async function peerWorkerAccount(
  t: TestApp,
  site: Pick<DeliverySite, 'siteId' | 'coordinator'>,
  options: { acknowledged?: boolean; days?: string[] } = {},
): Promise<PeerWorkerAccount> {
  const token = site.coordinator.token;
  const workingPattern = options.days
    ? { workingPattern: { days: options.days, hoursPerWeek: 22.5, notes: null } }
    : {};
  const record = await t.expect(201, 'POST', '/api/v1/peer-workers', {
    token,
    body: { siteId: site.siteId, displayName: 'Sam Okafor', ...workingPattern },
  });
  const user = await t.createUser([Role.PeerWorker], [site.siteId], token);
  await t.expect(200, 'PATCH', `/api/v1/peer-workers/${record.id}`, { token, body: { userId: user.id } });
  if (options.acknowledged ?? true) {
    await acknowledgeCodeOfEthics(t, record.id, user.token);
  }
  return { peerWorkerId: record.id, user };
}

/**
 * A service user on the site's ward, referred, allocated and paired with the peer worker two months ago, so
 * meetings can be recorded in the recent past. The pairing is set up beneath the API (the move through
 * SupportEpisodesService.transition plus a backdated pairings row) because these peer workers are not made
 * ready through training; pairing's own rules are tested through HTTP in test/pairing.
 */
export async function pairedEpisode(t: TestApp, site: DeliverySite, peerWorkerId: string): Promise<string> {
  const { episodeId } = await episodeAwaitingPairing(t, site.coordinator.token, site.siteId, { wardId: site.wardId });
  await t.app
    .get(SupportEpisodesService)
    .transition(actorOf(site.coordinator, site.siteId), episodeId, 'paired', { peerWorkerId, reason: 'Paired' });
  await t.dataSource.query(
    `INSERT INTO pairings (episode_id, peer_worker_id, kind, started_at, reason, started_by_id) VALUES ($1, $2, 'primary', now() - interval '60 days', 'Paired', $3)`,
    [episodeId, peerWorkerId, site.coordinator.id],
  );
  return episodeId;
}

export const wardMeeting = (plannedStartAt: string, extra: Record<string, unknown> = {}) => ({
  mode: 'face_to_face',
  setting: 'ward',
  plannedStartAt,
  plannedDurationMinutes: 60,
  ...extra,
});

export const heldDetails = (startHoursFromNow: number, extra: Record<string, unknown> = {}) => ({
  actualStartAt: hoursFromNow(startHoursFromNow),
  actualEndAt: hoursFromNow(startHoursFromNow + 1),
  attendees: [{ role: 'service_user' }, { role: 'peer_worker' }],
  record: { topics: ['relationship_building'] },
  ...extra,
});

/** Paired → first ward meeting held (ward support) → discharged `daysAgo` days ago (community support). */
export async function episodeInCommunity(
  t: TestApp,
  site: DeliverySite,
  peer: PeerWorkerAccount,
  daysAgo = 2,
): Promise<string> {
  const episodeId = await pairedEpisode(t, site, peer.peerWorkerId);
  await t.expect(201, 'POST', `/api/v1/support-episodes/${episodeId}/meetings`, {
    token: peer.user.token,
    body: wardMeeting(hoursFromNow(-24 * (daysAgo + 3)), { status: 'held', held: heldDetails(-24 * (daysAgo + 3)) }),
  });
  const discharged = await t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/discharge`, {
    token: site.wardStaff.token,
    body: { dischargedOn: londonDate(-daysAgo) },
  });
  expect(discharged.state).toBe('community_support');
  return episodeId;
}

/** Expect a refusal with this status, as problem+json naming the rule. */
export async function refusedWith(
  t: TestApp,
  status: number,
  rule: string,
  method: 'POST' | 'PATCH' | 'GET',
  url: string,
  token: string,
  body?: unknown,
) {
  const response = await t.call(method, url, { token, body });
  expect({ status: response.statusCode, rule: response.json().rule }).toEqual({ status, rule });
  expect(response.headers['content-type']).toContain('application/problem+json');
  return response.json();
}
