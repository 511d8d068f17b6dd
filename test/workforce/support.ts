import type { TestApp } from '../support/test-app';
import {
  acknowledgeCodeOfEthics,
  COORDINATOR_FACILITATOR,
  coreModules,
  experiencedPeer,
  INDUCTION,
  moveApplication,
} from '../support/builders';

// The workforce tests drive training and recruitment step by step; the shared pieces live in test/support/builders.ts.
export { acknowledgeCodeOfEthics, COORDINATOR_FACILITATOR, coreModules, experiencedPeer, INDUCTION };

/** Move an application and return it; fails loudly if refused. */
export const move = moveApplication;

/** Attend and pass one module: a session co-delivered by an experienced peer, attendance, a passed assessment. */
export async function passModule(
  t: TestApp,
  token: string,
  siteId: string,
  peerWorkerId: string,
  moduleId: string,
): Promise<void> {
  const session = await t.expect(201, 'POST', '/api/v1/training/sessions', {
    token,
    body: {
      siteId,
      moduleId,
      heldOn: '2026-02-10',
      facilitators: [await experiencedPeer(t, token, siteId), COORDINATOR_FACILITATOR],
    },
  });
  await t.expect(200, 'PUT', `/api/v1/training/sessions/${session.id}/attendance`, {
    token,
    body: { peerWorkerId, attended: true },
  });
  await t.expect(201, 'POST', '/api/v1/training/assessments', {
    token,
    body: { peerWorkerId, moduleId, method: 'observed_practice', outcome: 'passed', assessedOn: '2026-02-24' },
  });
}

export async function passCoreTraining(t: TestApp, token: string, siteId: string, peerWorkerId: string): Promise<void> {
  for (const module of await coreModules(t, token)) await passModule(t, token, siteId, peerWorkerId, module.id);
}

export async function completeInduction(t: TestApp, token: string, peerWorkerId: string): Promise<void> {
  for (const step of INDUCTION)
    await t.expect(200, 'PUT', `/api/v1/peer-workers/${peerWorkerId}/induction/${step}`, {
      token,
      body: { completedOn: '2026-03-12' },
    });
}

/** Try a move that must be refused with 409 problem+json naming `rule`. */
export async function refused(
  t: TestApp,
  token: string,
  applicationId: string,
  to: string,
  rule: string,
  extra: Record<string, unknown> = {},
) {
  const response = await t.call('POST', `/api/v1/recruitment/applications/${applicationId}/transitions`, {
    token,
    body: { to, reason: 'Trying', ...extra },
  });
  expect(response.statusCode).toBe(409);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ rule, to });
  return response.json();
}

/** A panel whose peer is an external peer with a verified role (no peer worker record needed). */
export const PEER_PANEL = [
  {
    kind: 'external_peer',
    name: 'Jo Mensah',
    role: 'Senior peer worker',
    organisation: 'Mind in Riverside',
    roleVerifiedHow: 'Confirmed with Mind in Riverside’s peer support manager by email',
  },
  { kind: 'staff', name: 'Pat Lee', role: 'Ward manager' },
];
export const PANEL_WITHOUT_PEER = [
  { kind: 'staff', name: 'Pat Lee', role: 'Ward manager' },
  { kind: 'staff', name: 'Chris Doe', role: 'HR' },
];
