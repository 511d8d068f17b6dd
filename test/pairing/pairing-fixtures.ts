import { Role } from '../../src/common/auth/role';
import type { TestApp, TestUser } from '../support/test-app';
import { coreModules, COORDINATOR_FACILITATOR, EXPERIENCED_PEER, INDUCTION, move } from '../workforce/support';

export interface PeerWorkerProfile {
  displayName?: string;
  gender?: string;
  dateOfBirth?: string;
  ethnicity?: string;
  languages?: string[];
  livedExperience?: string[];
  interests?: string[];
  wardId?: string;
  /** Give them a peer_worker sign-in linked to the record (for caseload and record-access tests). */
  withAccount?: boolean;
}

export interface MadePeerWorker {
  id: string;
  displayName: string;
  user: TestUser | null;
  applicationId: string;
}

/**
 * Peer workers made the way the service makes them, through the API: Pathway 2 (existing workforce),
 * core training passed, checks cleared, induction done, code of ethics acknowledged, appointed.
 * One training session per core module is shared by everyone the fixture makes.
 */
export class PeerWorkforce {
  private sessions: { moduleId: string; sessionId: string }[] = [];
  private campaignId = '';
  private made = 0;

  private constructor(
    private readonly t: TestApp,
    private readonly token: string,
    readonly siteId: string,
  ) {}

  static async of(t: TestApp, coordinatorToken: string, siteId: string): Promise<PeerWorkforce> {
    const workforce = new PeerWorkforce(t, coordinatorToken, siteId);
    workforce.campaignId = (
      await t.expect(201, 'POST', '/api/v1/recruitment/campaigns', { token: coordinatorToken, body: { siteId, title: 'Pairing fixtures', postsToFill: 100, reservePlaces: 0 } })
    ).id;
    for (const module of await coreModules(t, coordinatorToken)) {
      const session = await t.expect(201, 'POST', '/api/v1/training/sessions', {
        token: coordinatorToken,
        body: { siteId, moduleId: module.id, heldOn: '2026-02-10', facilitators: [EXPERIENCED_PEER, COORDINATOR_FACILITATOR] },
      });
      workforce.sessions.push({ moduleId: module.id, sessionId: session.id });
    }
    return workforce;
  }

  /** A peer worker in training with nothing else done: not ready (not appointed, no checks, no training). */
  async trainee(profile: PeerWorkerProfile = {}): Promise<MadePeerWorker> {
    const displayName = profile.displayName ?? `Peer ${++this.made}`;
    const application = await this.t.expect(201, 'POST', `/api/v1/recruitment/campaigns/${this.campaignId}/applications`, {
      token: this.token,
      body: { pathway: 'existing_workforce', displayName },
    });
    await move(this.t, this.token, application.id, 'in_training');
    const user = await this.describe(application.peerWorkerId, profile);
    return { id: application.peerWorkerId, displayName, user, applicationId: application.id };
  }

  /** A peer worker ready to be paired. */
  async ready(profile: PeerWorkerProfile = {}): Promise<MadePeerWorker> {
    const { t, token } = this;
    const made = await this.trainee(profile);
    const pw = made.id;
    for (const { moduleId, sessionId } of this.sessions) {
      await t.expect(200, 'PUT', `/api/v1/training/sessions/${sessionId}/attendance`, { token, body: { peerWorkerId: pw, attended: true } });
      await t.expect(201, 'POST', '/api/v1/training/assessments', { token, body: { peerWorkerId: pw, moduleId, method: 'observed_practice', outcome: 'passed', assessedOn: '2026-02-24' } });
    }
    for (const step of INDUCTION) await t.expect(200, 'PUT', `/api/v1/peer-workers/${pw}/induction/${step}`, { token, body: { completedOn: '2026-03-12' } });
    await t.expect(200, 'PUT', `/api/v1/peer-workers/${pw}/checks`, { token, body: { dbsClearedOn: '2026-03-02', occupationalHealthClearedOn: '2026-03-03' } });
    await t.expect(200, 'POST', `/api/v1/peer-workers/${pw}/code-of-ethics-acknowledgement`, { token, body: { acknowledgedOn: '2026-03-04' } });
    await move(t, token, made.applicationId, 'training_assessed');
    await move(t, token, made.applicationId, 'pre_employment_checks');
    await move(t, token, made.applicationId, 'appointed');
    const readiness = await t.expect(200, 'GET', `/api/v1/peer-workers/${pw}/readiness`, { token });
    if (!readiness.ready) throw new Error(`Fixture peer worker is not ready: ${JSON.stringify(readiness.unmet)}`);
    return made;
  }

  private async describe(peerWorkerId: string, profile: PeerWorkerProfile): Promise<TestUser | null> {
    const { withAccount, displayName: _name, ...facts } = profile;
    const user = withAccount ? await this.t.createUser([Role.PeerWorker], [this.siteId], this.token) : null;
    const body = { ...facts, ...(user ? { userId: user.id } : {}) };
    if (Object.keys(body).length > 0) await this.t.expect(200, 'PATCH', `/api/v1/peer-workers/${peerWorkerId}`, { token: this.token, body });
    return user;
  }
}

/** Pair through the HTTP endpoint (the coordinator's way); returns the response body. */
export async function pair(t: TestApp, token: string, episodeId: string, peerWorkerId: string, reason?: string) {
  return t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/pair`, { token, body: { peerWorkerId, ...(reason ? { reason } : {}) } });
}
