import { Role } from '../../src/common/auth/role';
import type { Actor } from '../../src/common/auth/actor';
import { SupportEpisodesService } from '../../src/episodes/support-episodes.service';
import type { TestApp, TestUser } from '../support/test-app';

let counter = 0;

/** A fresh NHS number with a valid Modulus 11 check digit. */
export function nextNhsNumber(): string {
  for (;;) {
    const nine = String(900000000 + ((process.pid * 7919 + ++counter * 104729) % 99999999)).padStart(9, '0');
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check !== 10) return `${nine}${check === 11 ? 0 : check}`;
  }
}

export interface ServiceUserOptions {
  consents?: ('peer_support' | 'research')[];
  dateOfBirth?: string;
  wardId?: string;
}

/** Register a service user and record the consents asked for; returns the service user's id. */
export async function registerServiceUser(t: TestApp, token: string, siteId: string, options: ServiceUserOptions = {}): Promise<string> {
  const su = await t.expect(201, 'POST', '/api/v1/service-users', {
    token,
    body: {
      siteId,
      nhsNumber: nextNhsNumber(),
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

/** A peer worker record linked to a `peer_worker` user account, with the working days given (none: the default). */
export async function peerWorkerWithAccount(t: TestApp, coordinatorToken: string, siteId: string, days?: string[]): Promise<{ peerWorkerId: string; user: TestUser }> {
  const user = await t.createUser([Role.PeerWorker], [siteId]);
  const worker = await t.expect(201, 'POST', '/api/v1/peer-workers', {
    token: coordinatorToken,
    body: { siteId, displayName: 'Sam Okafor', ...(days ? { workingPattern: { days, hoursPerWeek: 22.5, notes: null } } : {}) },
  });
  await t.expect(200, 'PATCH', `/api/v1/peer-workers/${worker.id}`, { token: coordinatorToken, body: { userId: user.id } });
  return { peerWorkerId: worker.id, user };
}

/**
 * A referred, allocated episode paired with `peerWorkerId` and in ward support, through the service
 * method pairing and the first ward meeting will call (their HTTP routes are built elsewhere).
 */
export async function episodeInWardSupport(t: TestApp, coordinator: TestUser, siteId: string, peerWorkerId: string): Promise<string> {
  const episodes = t.app.get(SupportEpisodesService);
  const asCoordinator: Actor = { kind: 'user', id: coordinator.id, roles: [Role.Coordinator], siteIds: [siteId], requestId: 'fixture' };
  const serviceUserId = await registerServiceUser(t, coordinator.token, siteId);
  const episode = await t.expect(201, 'POST', '/api/v1/support-episodes', { token: coordinator.token, body: referralBody(serviceUserId, { referredOn: '2026-01-05' }) });
  await t.expect(200, 'POST', `/api/v1/support-episodes/${episode.id}/allocation`, { token: coordinator.token });
  await episodes.transition(asCoordinator, episode.id, 'paired', { peerWorkerId, reason: 'Paired' });
  await episodes.transition(asCoordinator, episode.id, 'ward_support', { firstWardMeetingAt: new Date('2026-01-12T10:00:00Z'), reason: 'First ward meeting' });
  return episode.id;
}
