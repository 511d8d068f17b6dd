import { DateTime } from 'luxon';
import { Role } from '../../src/common/auth/role';
import { isValidNhsNumber } from '../../src/common/nhs-number/nhs-number';
import type { TestApp, TestUser } from './test-app';

/** People and sites for tests (see builders.ts): dates, NHS numbers, sites, peer workers ready to pair. */

/** A London calendar date `days` from today (negative: in the past). */
export const londonDate = (days = 0): string => DateTime.now().setZone('Europe/London').plus({ days }).toISODate()!;

/** An instant `hours` from now (negative: in the past), as ISO text. */
export const hoursFromNow = (hours: number): string => new Date(Date.now() + hours * 3_600_000).toISOString();

let nhsCounter = 0;

/** A fresh NHS number the service's own check accepts (unique within the test process). */
export function nhsNumber(): string {
  for (;;) {
    const nine = String(900000000 + ((process.pid * 7919 + ++nhsCounter * 104729) % 99999999)).padStart(9, '0');
    // At most one check digit makes the nine digits valid; none when Modulus 11 leaves 10 (never issued).
    for (let check = 0; check <= 9; check++) if (isValidNhsNumber(`${nine}${check}`)) return `${nine}${check}`;
  }
}

export const COORDINATOR_FACILITATOR = { name: 'Alex Reed', role: 'coordinator', peerWorkerId: null };

const trainers = new WeakMap<TestApp, Map<string, Promise<string>>>();

/**
 * The experienced peer worker who co-delivers a site's training (handbook 7): a record, not a typed name. The
 * site's first cohort is trained by a peer whose prior peer work the coordinator verified (PUT …/checks); one per
 * site and app, made on first use.
 */
export async function experiencedPeer(
  t: TestApp,
  token: string,
  siteId: string,
): Promise<{ role: 'experienced_peer_worker'; peerWorkerId: string }> {
  let sites = trainers.get(t);
  if (!sites) trainers.set(t, (sites = new Map()));
  let trainer = sites.get(siteId);
  if (!trainer) {
    trainer = (async () => {
      const record = await t.expect(201, 'POST', '/api/v1/peer-workers', {
        token,
        body: { siteId, displayName: 'Jo Mensah' },
      });
      await t.expect(200, 'PUT', `/api/v1/peer-workers/${record.id}/checks`, {
        token,
        body: { experiencedPeerVerifiedOn: londonDate(-365) },
      });
      return record.id as string;
    })();
    sites.set(siteId, trainer);
  }
  return { role: 'experienced_peer_worker', peerWorkerId: await trainer };
}

/** The peer worker acknowledges the current code of ethics themselves, signed in as `peerToken`. */
export async function acknowledgeCodeOfEthics(t: TestApp, peerWorkerId: string, peerToken: string): Promise<void> {
  const { version } = await t.expect<{ version: number }>(200, 'GET', '/api/v1/code-of-ethics', { token: peerToken });
  await t.expect(200, 'POST', `/api/v1/peer-workers/${peerWorkerId}/code-of-ethics-acknowledgement`, {
    token: peerToken,
    body: { version },
  });
}
export const INDUCTION = ['peer_worker_team_induction', 'nhs_trust_induction', 'ward_visits', 'shadowing'];

export async function coreModules(t: TestApp, token: string): Promise<{ id: string; code: string }[]> {
  const modules = await t.expect<{ id: string; code: string; kind: string }[]>(200, 'GET', '/api/v1/training/modules', {
    token,
  });
  return modules.filter((m) => m.kind === 'core');
}

/** Move a recruitment application and return it; fails loudly if refused. */
export async function moveApplication(
  t: TestApp,
  token: string,
  applicationId: string,
  to: string,
  extra: Record<string, unknown> = {},
) {
  return t.expect(200, 'POST', `/api/v1/recruitment/applications/${applicationId}/transitions`, {
    token,
    body: { to, reason: `Moved to ${to}`, ...extra },
  });
}

export interface PeerWorkerProfile {
  displayName?: string;
  gender?: string;
  dateOfBirth?: string;
  ethnicity?: string;
  languages?: string[];
  livedExperience?: string[];
  interests?: string[];
  wardId?: string;
  workingPattern?: { days: string[]; hoursPerWeek: number | null; notes: string | null };
  /** Give them a peer_worker sign-in linked to the record. */
  withAccount?: boolean;
}

export interface BuiltPeerWorker {
  id: string;
  displayName: string;
  user: TestUser | null;
  applicationId: string;
}

/** Where a ready peer worker ends up: appointed (ready to pair), activated, or appointed to the reserve pool. */
export type Appointment = 'appointed' | 'active' | 'reserve';

const workforces = new WeakMap<TestApp, Map<string, Promise<Workforce>>>();

/**
 * Peer workers of one site made through the API: Pathway 2 (existing workforce), core training passed,
 * checks cleared, induction done, code of ethics acknowledged, appointed. One training session per core
 * module is shared by everyone it makes.
 */
export class Workforce {
  sessions: { moduleId: string; sessionId: string }[] = [];
  campaignId = '';
  private made = 0;
  private signIn?: Promise<TestUser>;

  private constructor(
    private readonly t: TestApp,
    private readonly token: string,
    readonly siteId: string,
  ) {}

  static async of(t: TestApp, coordinatorToken: string, siteId: string): Promise<Workforce> {
    const workforce = new Workforce(t, coordinatorToken, siteId);
    workforce.campaignId = (
      await t.expect(201, 'POST', '/api/v1/recruitment/campaigns', {
        token: coordinatorToken,
        body: { siteId, title: 'Test workforce', postsToFill: 100, reservePlaces: 100 },
      })
    ).id;
    const peer = await experiencedPeer(t, coordinatorToken, siteId);
    for (const module of await coreModules(t, coordinatorToken)) {
      const session = await t.expect(201, 'POST', '/api/v1/training/sessions', {
        token: coordinatorToken,
        body: {
          siteId,
          moduleId: module.id,
          heldOn: londonDate(-90),
          facilitators: [peer, COORDINATOR_FACILITATOR],
        },
      });
      workforce.sessions.push({ moduleId: module.id, sessionId: session.id });
    }
    return workforce;
  }

  /** The site's workforce for this app, made on first use (one campaign and one set of sessions per site). */
  static forSite(t: TestApp, coordinatorToken: string, siteId: string): Promise<Workforce> {
    let sites = workforces.get(t);
    if (!sites) workforces.set(t, (sites = new Map()));
    let workforce = sites.get(siteId);
    if (!workforce) sites.set(siteId, (workforce = Workforce.of(t, coordinatorToken, siteId)));
    return workforce;
  }

  /** A peer worker in training with nothing else done: not ready (not appointed, no checks, no training). */
  async trainee(profile: PeerWorkerProfile = {}): Promise<BuiltPeerWorker> {
    const displayName = profile.displayName ?? `Peer ${++this.made}`;
    const application = await this.t.expect(
      201,
      'POST',
      `/api/v1/recruitment/campaigns/${this.campaignId}/applications`,
      {
        token: this.token,
        body: { pathway: 'existing_workforce', displayName },
      },
    );
    await moveApplication(this.t, this.token, application.id, 'in_training');
    const user = await this.describe(application.peerWorkerId, profile);
    return { id: application.peerWorkerId, displayName, user, applicationId: application.id };
  }

  /** A peer worker ready to be paired (or, `reserve`, in the reserve pool). */
  async ready(profile: PeerWorkerProfile = {}, as: Appointment = 'appointed'): Promise<BuiltPeerWorker> {
    const { t, token } = this;
    const made = await this.trainee(profile);
    const pw = made.id;
    for (const { moduleId, sessionId } of this.sessions) {
      await t.expect(200, 'PUT', `/api/v1/training/sessions/${sessionId}/attendance`, {
        token,
        body: { peerWorkerId: pw, attended: true },
      });
      await t.expect(201, 'POST', '/api/v1/training/assessments', {
        token,
        body: {
          peerWorkerId: pw,
          moduleId,
          method: 'observed_practice',
          outcome: 'passed',
          assessedOn: londonDate(-80),
        },
      });
    }
    for (const step of INDUCTION)
      await t.expect(200, 'PUT', `/api/v1/peer-workers/${pw}/induction/${step}`, {
        token,
        body: { completedOn: londonDate(-60) },
      });
    await t.expect(200, 'PUT', `/api/v1/peer-workers/${pw}/checks`, {
      token,
      body: { dbsClearedOn: londonDate(-70), occupationalHealthClearedOn: londonDate(-70) },
    });
    await this.acknowledge(made);
    await moveApplication(t, token, made.applicationId, 'training_assessed');
    await moveApplication(t, token, made.applicationId, 'pre_employment_checks');
    await moveApplication(t, token, made.applicationId, as === 'reserve' ? 'appointed_to_reserve' : 'appointed');
    if (as === 'active')
      await t.expect(200, 'POST', `/api/v1/peer-workers/${pw}/status`, {
        token,
        body: { status: 'active', reason: 'Ready to take referrals' },
      });
    if (as !== 'reserve') {
      const readiness = await t.expect(200, 'GET', `/api/v1/peer-workers/${pw}/readiness`, { token });
      if (!readiness.ready) throw new Error(`Built peer worker is not ready: ${JSON.stringify(readiness.unmet)}`);
    }
    return made;
  }

  /**
   * The code of ethics is the peer worker's own act. One made without a sign-in acknowledges it with a sign-in made
   * for the purpose, which is then unlinked again (their record is left as they asked for: no account).
   */
  private async acknowledge(made: BuiltPeerWorker): Promise<void> {
    if (made.user) return acknowledgeCodeOfEthics(this.t, made.id, made.user.token);
    // One such sign-in per site, linked to each in turn (sign-ins are slow to make: password hashing).
    this.signIn ??= this.t.createUser([Role.PeerWorker], [this.siteId], this.token);
    const user = await this.signIn;
    const link = (userId: string | null) =>
      this.t.expect(200, 'PATCH', `/api/v1/peer-workers/${made.id}`, { token: this.token, body: { userId } });
    await link(user.id);
    await acknowledgeCodeOfEthics(this.t, made.id, user.token);
    await link(null);
  }

  private async describe(peerWorkerId: string, profile: PeerWorkerProfile): Promise<TestUser | null> {
    const { withAccount, displayName: _name, ...facts } = profile;
    const user = withAccount ? await this.t.createUser([Role.PeerWorker], [this.siteId], this.token) : null;
    const body = { ...facts, ...(user ? { userId: user.id } : {}) };
    if (Object.keys(body).length > 0)
      await this.t.expect(200, 'PATCH', `/api/v1/peer-workers/${peerWorkerId}`, { token: this.token, body });
    return user;
  }
}

export interface RecruitedPeerWorker {
  id: string;
  user: TestUser;
}

/** A peer worker of the site recruited through the API with their own sign-in: activated (default), only appointed, or in the reserve pool. */
export async function recruitPeerWorker(
  t: TestApp,
  coordinatorToken: string,
  siteId: string,
  as: Appointment = 'active',
  displayName = 'Sam Okafor',
): Promise<RecruitedPeerWorker> {
  const workforce = await Workforce.forSite(t, coordinatorToken, siteId);
  const made = await workforce.ready({ displayName, withAccount: true }, as);
  return { id: made.id, user: made.user! };
}

export interface SiteTeam {
  siteId: string;
  coordinator: TestUser;
  deputy: TestUser;
}

/** A site with a named coordinator and a named deputy who is a senior peer worker (as handbook 11.3 allows); no ward. */
export async function siteWithCoordinatorAndDeputy(t: TestApp, name?: string): Promise<SiteTeam> {
  const siteId = await t.createSite(name);
  const coordinator = await t.createUser([Role.Coordinator], [siteId]);
  const deputy = await t.createUser([Role.PeerWorker], [siteId]);
  await t.expect(200, 'PUT', `/api/v1/sites/${siteId}/coordinator`, {
    token: t.adminToken, // only admins name a site's coordinator
    body: { coordinatorUserId: coordinator.id, deputyUserId: deputy.id },
  });
  return { siteId, coordinator, deputy };
}

/** Pair through the HTTP endpoint (the coordinator's way); returns the response body. */
export async function pair(t: TestApp, token: string, episodeId: string, peerWorkerId: string, reason?: string) {
  return t.expect(200, 'POST', `/api/v1/support-episodes/${episodeId}/pair`, {
    token,
    body: { peerWorkerId, ...(reason ? { reason } : {}) },
  });
}
